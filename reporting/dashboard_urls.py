from django.urls import path

from . import dashboard_views as views

app_name = "dashboards"
urlpatterns = [
    path("", views.district_dashboard, name="district"),
    path("xa/<int:commune_id>/", views.commune_dashboard, name="commune"),
    path("thon/<int:village_id>/", views.village_history, name="village"),
    path("tuan-thu/", views.compliance, name="compliance"),
]
