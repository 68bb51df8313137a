from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from directory.models import Role

from .access import scope_of
from .notices import unread_count_for


def navigation(request):
    """Role-aware navigation: each entry only for those who may open it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {**_names(), "nav": []}
    scope = scope_of(user)
    nav = [(_("Trang chủ"), reverse("home"))]
    if scope.district_ids or scope.monitored_commune_ids:
        nav.append((_("Tổng quan"), reverse("dashboards:district")))
    if scope.district_ids:
        nav.append((_("Tuân thủ"), reverse("dashboards:compliance")))
    if scope.district_ids or scope.monitored_commune_ids:
        nav.append((_("Thành viên BCĐ báo cáo"), reverse("directives:members_status")))
    if scope.district_ids:
        nav.append((_("Xã, thị trấn"), reverse("directory:commune_list")))
        nav.append((_("Cơ quan, đơn vị"), reverse("directory:agency_list")))
    if scope.agency_ids:
        nav.append((_("Danh sách tham gia"), reverse("campaigns:agency_rosters", args=[min(scope.agency_ids)])))
    if scope.officer_commune_ids:
        nav.append((_("Cán bộ về xã"), reverse("campaigns:commune_rosters_next", args=[min(scope.officer_commune_ids)])))
    if scope.district_ids:
        nav.append((_("Tình hình gửi danh sách"), reverse("campaigns:roster_overview")))
        nav.append((_("Ngày ra quân"), reverse("campaigns:action_day_list")))
    if scope.officer_commune_ids:  # weekly plans and day reports (issue 5)
        nav.append((_("Kế hoạch, báo cáo tuần"), reverse("campaigns:commune_weeks", args=[min(scope.officer_commune_ids)])))
    if scope.district_ids:
        nav.append((_("Báo cáo kết quả"), reverse("campaigns:day_filings_latest")))
    if scope.district_ids or scope.officer_commune_ids or scope.monitored_commune_ids:
        nav.append((_("Kiến nghị"), reverse("campaigns:proposal_list")))
    if scope.has(Role.COORDINATOR):
        nav.append((_("Loại phần việc"), reverse("campaigns:task_type_list")))
    if scope.district_ids:
        nav.append((_("Báo cáo tuần"), reverse("reporting:rollup_list")))
    if scope.district_ids:
        nav.append((_("Theo dõi chỉ đạo"), reverse("directives:board")))
        nav.append((_("Số liệu nhận về"), reverse("api_received")))
    if scope.agency_ids or scope.officer_commune_ids or scope.monitored_commune_ids:
        nav.append((_("Nhiệm vụ được giao"), reverse("directives:my_tasks")))
    if not scope.is_empty:
        nav.append((_("Tiêu chí NTM"), reverse("criteria:matrix")))
        nav.append((_("Thư viện văn bản"), reverse("library:index")))
        nav.append((_("Sơ kết, khen thưởng"), reverse("reviews:review_list")))
    if scope.district_ids or scope.officer_commune_ids or scope.monitored_commune_ids:
        nav.append((_("Khu dân cư kiểu mẫu"), reverse("recognition:area_overview")))
        nav.append((_("Quỹ thôn"), reverse("recognition:fund_overview")))
    if scope.has(Role.COORDINATOR):
        nav.append((_("Phân công theo dõi"), reverse("directory:monitor_list")))
        nav.append((_("Ban hành văn bản"), reverse("directory:issuer_list")))
        nav.append((_("Nhật ký thay đổi"), reverse("audit_list")))
        nav.append((_("Ánh xạ DHIS2"), reverse("api_mapping")))
    unread = unread_count_for(request)
    nav.append((_("Thông báo (%(n)s)") % {"n": unread} if unread else _("Thông báo"), reverse("notice_list")))
    if user.is_staff:
        nav.append((_("Quản trị"), reverse("admin:index")))
    return {**_names(), "nav": nav, "scope": scope}


def _names() -> dict:
    return {"portal_name": settings.PORTAL_NAME, "portal_short_name": settings.PORTAL_SHORT_NAME,
            "portal_footer": settings.PORTAL_FOOTER}
