"""URLs of the BCĐ members' periodic reports (included by directives/urls.py, namespace "directives")."""

from django.urls import path

from .views import members as views

urlpatterns = [
    path("thanh-vien/", views.members_status, name="members_status"),
    path("thanh-vien/danh-sach/", views.seats, name="seats"),
    path("thanh-vien/them/", views.seat_add, name="seat_add"),
    path("thanh-vien/<int:membership_id>/sua/", views.seat_edit, name="seat_edit"),
    path("thanh-vien/<int:membership_id>/", views.member_history, name="member_history"),
    path("thanh-vien/<int:membership_id>/ky/<str:period>/", views.member_report_edit, name="member_report_edit"),
    path("bao-cao-cua-toi/", views.my_member_reports, name="my_member_reports"),
    path("bao-cao-thanh-vien/<int:member_report_id>/", views.member_report_detail, name="member_report_detail"),
    path("bao-cao-thanh-vien/<int:member_report_id>/duyet/", views.member_report_accept,
         name="member_report_accept"),
    path("bao-cao-thanh-vien/<int:member_report_id>/tra-lai/", views.member_report_return,
         name="member_report_return"),
]
