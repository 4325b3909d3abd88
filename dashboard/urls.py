from django.urls import path

from dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("theme/<slug:code>/", views.theme, name="theme"),
    path("indicator/<slug:code>/", views.indicator, name="indicator"),
    path("indicator/<slug:code>/observations.csv", views.indicator_csv, name="indicator_csv"),
    path("observations.csv", views.all_csv, name="all_csv"),
    path("region/<str:code>/", views.region, name="region"),
    path("search/", views.search, name="search"),
    path("search/regions.json", views.search_suggestions, name="search_suggestions"),
    path("report/<int:pk>/", views.report, name="report"),
    path("observation/<int:pk>/", views.observation, name="observation"),
    path("compare/", views.compare, name="compare"),
    path("api/v1/", views.api_examples, name="api"),
]
