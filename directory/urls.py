from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("xa/", views.commune_list, name="commune_list"),
    path("xa/<int:commune_id>/", views.commune_detail, name="commune_detail"),
    path("thon/<int:village_id>/so-ho/", views.household_edit, name="household_edit"),
    path("co-quan/", views.agency_list, name="agency_list"),
    path("co-quan/<int:agency_id>/", views.agency_detail, name="agency_detail"),
    path("co-quan/<int:agency_id>/can-bo/them/", views.person_create, name="person_create"),
    path("can-bo/<int:person_id>/sua/", views.person_edit, name="person_edit"),
    path("phu-trach/", views.monitor_list, name="monitor_list"),
    path("phu-trach/<int:user_id>/", views.monitor_edit, name="monitor_edit"),
    path("ban-hanh-van-ban/", views.issuer_list, name="issuer_list"),
    path("ban-hanh-van-ban/<int:unit_id>/", views.issuer_edit, name="issuer_edit"),
]
