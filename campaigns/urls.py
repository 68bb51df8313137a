from django.urls import path

from .views import plans as plan_views
from .views import programme as programme_views
from .views import proposals as proposal_views
from .views import reports as report_views
from .views import rosters as roster_views

app_name = "campaigns"
urlpatterns = [
    # programme and action days (issue 4)
    path("cai-dat/", programme_views.programme_settings, name="programme_settings"),
    path("ngay-ra-quan/", programme_views.action_day_list, name="action_day_list"),
    path("ngay-ra-quan/them/", programme_views.action_day_add, name="action_day_add"),
    path("ngay-ra-quan/<int:action_day_id>/tam-hoan/", programme_views.action_day_cancel, name="action_day_cancel"),
    path("ngay-ra-quan/<int:action_day_id>/mo-lai/", programme_views.action_day_reopen, name="action_day_reopen"),
    # rosters (issue 4)
    path("danh-sach/", roster_views.roster_overview, name="roster_overview"),
    path("co-quan/<int:agency_id>/danh-sach/", roster_views.agency_rosters, name="agency_rosters"),
    path("co-quan/<int:agency_id>/xa/<int:commune_id>/ngay/<int:action_day_id>/",
         roster_views.roster_edit, name="roster_edit"),
    path("co-quan/<int:agency_id>/xa/<int:commune_id>/ngay/<int:action_day_id>/mau.xlsx",
         roster_views.roster_template, name="roster_template"),
    path("co-quan/<int:agency_id>/xa/<int:commune_id>/ngay/<int:action_day_id>/tai-len/",
         roster_views.roster_upload, name="roster_upload"),
    path("co-quan/<int:agency_id>/xa/<int:commune_id>/ngay/<int:action_day_id>/xem-truoc/",
         roster_views.roster_upload_preview, name="roster_upload_preview"),
    path("co-quan/<int:agency_id>/xa/<int:commune_id>/ngay/<int:action_day_id>/them-nguoi/",
         roster_views.roster_person_add, name="roster_person_add"),
    path("xa/<int:commune_id>/danh-sach/", roster_views.commune_rosters_next, name="commune_rosters_next"),
    path("xa/<int:commune_id>/ngay/<int:action_day_id>/danh-sach/", roster_views.commune_rosters,
         name="commune_rosters"),
    path("xa/<int:commune_id>/ngay/<int:action_day_id>/danh-sach.pdf", roster_views.commune_rosters_pdf,
         name="commune_rosters_pdf"),
    path("xa/<int:commune_id>/ngay/<int:action_day_id>/danh-sach.xlsx", roster_views.commune_rosters_xlsx,
         name="commune_rosters_xlsx"),
    # weekly plans, day reports, proposals (issue 5)
    path("xa/<int:commune_id>/cac-tuan/", report_views.commune_weeks, name="commune_weeks"),
    path("xa/<int:commune_id>/ngay/<int:action_day_id>/ke-hoach/", plan_views.plan_edit, name="plan_edit"),
    path("xa/<int:commune_id>/ngay/<int:action_day_id>/ke-hoach/sao-chep/", plan_views.plan_copy, name="plan_copy"),
    path("xa/<int:commune_id>/ngay/<int:action_day_id>/ke-hoach/in/", plan_views.plan_print, name="plan_print"),
    path("xa/<int:commune_id>/ngay/<int:action_day_id>/ke-hoach/pdf/", plan_views.plan_pdf, name="plan_pdf"),
    path("phan-viec/<int:task_id>/xoa/", plan_views.plan_task_delete, name="plan_task_delete"),
    path("xa/<int:commune_id>/ngay/<int:action_day_id>/bao-cao/", report_views.day_report_edit,
         name="day_report_edit"),
    path("xa/<int:commune_id>/ngay/<int:action_day_id>/bao-cao/anh/", report_views.day_report_photo_add,
         name="day_report_photo_add"),
    path("xa/<int:commune_id>/ngay/<int:action_day_id>/bao-cao/xem/", report_views.day_report_detail,
         name="day_report_detail"),
    path("xa/<int:commune_id>/ngay/<int:action_day_id>/bao-cao/phien-ban/<int:number>/",
         report_views.day_report_version, name="day_report_version"),
    path("bao-cao/<int:report_id>/duyet/", report_views.day_report_accept, name="day_report_accept"),
    path("bao-cao/<int:report_id>/tra-lai/", report_views.day_report_return, name="day_report_return"),
    path("ngay-ra-quan/<int:action_day_id>/bao-cao/", report_views.day_filings, name="day_filings"),
    path("bao-cao-ket-qua/", report_views.day_filings_latest, name="day_filings_latest"),
    path("anh/<int:photo_id>/", report_views.report_photo, name="report_photo"),
    path("anh/<int:photo_id>/nho/", report_views.report_photo, {"size": "thumb"}, name="report_photo_thumb"),
    path("kien-nghi/", proposal_views.proposal_list, name="proposal_list"),
    path("kien-nghi/<int:proposal_id>/", proposal_views.proposal_detail, name="proposal_detail"),
    path("loai-phan-viec/", plan_views.task_type_list, name="task_type_list"),
    path("loai-phan-viec/<int:task_type_id>/sua/", plan_views.task_type_edit, name="task_type_edit"),
]
