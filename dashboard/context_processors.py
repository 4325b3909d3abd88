from django.conf import settings
from django.utils.translation import gettext as _


def reports_contact(request):
    """Whom the pages tell to send reports to."""
    return {"reports_contact": settings.DASHBOARD_REPORTS_CONTACT or _("the site's data reviewers")}
