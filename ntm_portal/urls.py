from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from health_check.views import HealthCheckView

from api import pages as api_pages

from . import accounts, notice_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon),
    path("nhat-ky/", views.audit_list, name="audit_list"),
    path("tai-khoan/dang-nhap/", accounts.LoginView.as_view(), name="login"),
    path("tai-khoan/dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("tai-khoan/doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("tai-khoan/quen-mat-khau/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("tai-khoan/quen-mat-khau/da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("tai-khoan/dat-lai/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("tai-khoan/dat-lai/xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("tai-khoan/ma-api/", api_pages.token_list, name="api_tokens"),
    path("tai-khoan/ma-api/<int:token_id>/thu-hoi/", api_pages.token_revoke, name="api_token_revoke"),
    path("trao-doi-so-lieu/anh-xa-dhis2/", api_pages.mapping_edit, name="api_mapping"),
    path("trao-doi-so-lieu/so-lieu-nhan-ve/", api_pages.received, name="api_received"),
    path("api/", include("api.urls")),
    path("dia-ban/", include("directory.urls")),
    path("tong-quan/", include("reporting.dashboard_urls")),
    path("tieu-chi/", include("criteria.urls")),
    path("chuong-trinh/", include("campaigns.urls")),
    path("bao-cao/", include("reporting.urls")),
    path("thu-vien/", include("library.urls")),
    path("so-ket/", include("recognition.urls_reviews")),
    path("chi-dao/", include("directives.urls")),
    path("ghi-nhan/", include("recognition.urls")),
    path("thong-bao/", notice_views.notice_list, name="notice_list"),
    path("thong-bao/<int:notice_id>/da-doc/", notice_views.notice_read, name="notice_read"),
    path("quan-tri/", admin.site.urls),
    path("health/", HealthCheckView.as_view(checks=[
        "health_check.checks.Database",
        "health_check.checks.Cache",
        "health_check.checks.Storage",
        "ntm_portal.health.BrokerCheck",
    ]), name="health"),
]

handler400 = "ntm_portal.views.bad_request"
handler403 = "ntm_portal.views.permission_denied"
handler404 = "ntm_portal.views.page_not_found"
handler500 = "ntm_portal.views.server_error"
