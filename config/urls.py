from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dashboard.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("ingest/", include("ingest.urls")),
    # For every user, staff or not: the admin's own login page refuses non-staff accounts.
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("dashboard.urls")),
    # After the dashboard's URLs, whose examples page is /api/v1/ itself.
    path("api/v1/", api.urls),
]
