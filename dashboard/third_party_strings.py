"""Labels of third-party apps that ship no Simplified Chinese translation (django-axes' admin
pages, a few newer strings of Django's admin). Listed here only so that makemessages keeps them
in the project's catalog, which Django consults for every app's strings; nothing imports this
module. (The admin scripts' strings are in locale/zh_Hans/LC_MESSAGES/djangojs.po.)"""

from django.utils.translation import gettext_noop as _

AXES = [
    _("Access Attempt"),
    _("Access lock out"),
    _("Attempt Remaining"),
    _("Attempt Time"),
    _("Clean up expired attempts"),
    _("Expires At"),
    _("Failed Logins"),
    _("Form Data"),
    _("GET Data"),
    _("HTTP Accept"),
    _("IP Address"),
    _("Locked Out"),
    _("Logout Time"),
    _("Meta Data"),
    _("Not set"),
    _("POST Data"),
    _("Path"),
    _("Session key hash (sha256)"),
    _("The time when access attempt expires and is no longer valid."),
    _("User Agent"),
    _("Username"),
    _("access attempt expiration"),
    _("access attempt expirations"),
    _("access attempt"),
    _("access attempts"),
    _("access failure"),
    _("access failures"),
    _("access log"),
    _("access logs"),
]

DJANGO_ADMIN = [
    _("Model name"),
    _("Add link"),
    _("Change or view list link"),
    _("After you’ve created a user, you’ll be able to edit more user options."),
]
