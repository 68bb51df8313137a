from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("tuan/", views.rollup_list, name="rollup_list"),
    path("tuan/tong-hop/", views.rollup_create, name="rollup_create"),
    path("tuan/<int:rollup_id>/", views.rollup_detail, name="rollup_detail"),
    path("tuan/<int:rollup_id>/tai-ve/<str:kind>/", views.rollup_download, name="rollup_download"),
    path("noi-nhan/", views.recipient_list, name="recipient_list"),
    path("noi-nhan/<int:recipient_id>/", views.recipient_edit, name="recipient_edit"),
    path("noi-nhan/<int:recipient_id>/xoa/", views.recipient_delete, name="recipient_delete"),
]
