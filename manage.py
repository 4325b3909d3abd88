#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from config.embedded_db import start_embedded_database_if_configured

    # `embedded_db stop|status` must not start the server it is asked about.
    if sys.argv[1:2] != ["embedded_db"]:
        start_embedded_database_if_configured()
    if sys.argv[1:2] != ["runserver"]:
        from config.query_log import keep_short_query_log

        keep_short_query_log()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
