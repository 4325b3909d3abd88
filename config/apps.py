"""App configurations of third-party apps, where ours differs from theirs."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    # django-axes names its admin section after its label ("Axes"); ours says what it is.
    verbose_name = _("Login protection")
