from django.contrib import admin
from django.urls import path

from ingest import upload

app_name = "ingest"
urlpatterns = [
    # Behind the admin's login, like the pages that link to it.
    path("upload/", admin.site.admin_view(upload.upload_reports), name="upload"),
]
