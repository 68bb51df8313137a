"""Demo data of the reviews and commendations: the half-year review of the demo's weeks, quotas, some units'
reports filed, proposals drawn from the data (the villages the figures put first), the council's decision.

Run again, it adds nothing (the review is found by its title)."""

from __future__ import annotations

import dataclasses
import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from campaigns.models import DayReport
from campaigns.selectors.filing import FILED_STATUSES
from directory.models import District, Membership, Person, Role, Village
from ntm_portal.collation import vi_key

from .models import CommendationForm, NomineeKind, Review, ReviewReport
from .selectors.commendations import suggested_villages
from .selectors.reviews import review_agencies, review_communes
from .services import commendations as commendation_services
from .services import reviews as review_services

TEXTS = {
    "situation": "Địa bàn có nhiều thôn đồng bào dân tộc thiểu số; trước khi có Đề án, phong trào ra quân chưa đều "
                 "giữa các thôn.",
    "leadership": "Ban hành kế hoạch thực hiện Đề án số 04-ĐA/HU; phân công cán bộ, đảng viên phụ trách từng thôn; "
                  "hằng tháng kiểm tra, đánh giá kết quả ra quân.",
    "propaganda": "Tuyên truyền trên loa truyền thanh, tại các cuộc họp thôn và qua nhóm Zalo của thôn.",
    "results": "Duy trì ra quân ngày thứ Bảy hằng tuần; làm đường giao thông nông thôn, trồng cây xanh, thu gom rác "
               "thải.",
    "achievements": "Nhận thức của Nhân dân chuyển biến rõ; nhiều hộ tự nguyện hiến đất, góp ngày công.",
    "shortcomings": "Một số thôn tỷ lệ hộ tham gia còn thấp; việc báo cáo có tuần còn chậm.",
    "causes": "Mùa thu hoạch cà phê, người dân bận việc nương rẫy; một số cán bộ thôn kiêm nhiệm nhiều việc.",
    "lessons": "Cấp ủy vào cuộc quyết liệt, cán bộ, đảng viên gương mẫu đi đầu thì Nhân dân đồng thuận.",
    "outlook": "Thời tiết mùa mưa ảnh hưởng đến việc ra quân; nguồn lực hỗ trợ còn hạn chế.",
    "directions": "Tiếp tục duy trì ra quân; tập trung các tiêu chí gần đạt; nhân rộng mô hình thôn tiêu biểu.",
    "proposals": "Đề nghị huyện hỗ trợ xi măng làm đường giao thông nông thôn.",
}


@dataclasses.dataclass
class ReviewSeedResult:
    reviews: int = 0
    filed: int = 0
    commendations: int = 0

    def __str__(self) -> str:
        return f"{self.reviews} đợt sơ kết mới, {self.filed} báo cáo đơn vị đã nộp, {self.commendations} đề nghị khen thưởng"


def demo_period(latest: datetime.date) -> tuple[datetime.date, datetime.date, str]:
    """The half-year that holds the demo's latest filed week."""
    if latest.month <= 6:
        return datetime.date(latest.year, 1, 1), datetime.date(latest.year, 6, 30), f"6 tháng đầu năm {latest.year}"
    return datetime.date(latest.year, 7, 1), datetime.date(latest.year, 12, 31), f"6 tháng cuối năm {latest.year}"


def _officer(commune, fallback):
    m = Membership.objects.filter(role=Role.COMMUNE_OFFICER, unit=commune).select_related("user").first()
    return m.user if m else fallback


def _focal(agency, fallback):
    m = Membership.objects.filter(role=Role.AGENCY_FOCAL_POINT, agency=agency).select_related("user").first()
    return m.user if m else fallback


@transaction.atomic
def seed_reviews(*, district_code: str = "679", today: datetime.date | None = None) -> ReviewSeedResult:
    today = today or timezone.localdate()
    result = ReviewSeedResult()
    district = District.objects.get(code=district_code)
    office = get_user_model().objects.filter(username="dieuphoi").first()
    latest = (DayReport.objects.filter(commune__parent=district, status__in=FILED_STATUSES)
              .order_by("-action_day__date").values_list("action_day__date", flat=True).first())
    if office is None or latest is None:
        return result
    start, end, label = demo_period(latest)
    title = f"Sơ kết {label} thực hiện Đề án số 04-ĐA/HU"
    if Review.objects.filter(district=district, title=title).exists():
        return result
    review = review_services.review_create(
        district=district, actor=office, title=title, period_start=start, period_end=end,
        baseline_date=datetime.date(2023, 1, 18),  # Đề án số 04-ĐA/HU, ngày 18/01/2023
        unit_deadline=end + datetime.timedelta(days=49), draft_deadline=end + datetime.timedelta(days=54),
        conference_date=end + datetime.timedelta(days=61))
    result.reviews = 1
    communes = review_communes(review)
    agencies = review_agencies(review)
    for commune in communes:
        commendation_services.quota_set(review=review, actor=office, commune=commune, count=2)
    for agency in agencies[:10]:
        commendation_services.quota_set(review=review, actor=office, agency=agency, count=1)
    # Hòa Ninh and four more communes, the Finance office and one more agency have filed.
    chosen = sorted(communes, key=lambda c: (c.name != "Hòa Ninh", vi_key(c.name)))[:5]
    tckh = next((a for a in agencies if a.name == "Phòng Tài chính - Kế hoạch"), None)
    filing_agencies = [a for a in [tckh, *agencies] if a is not None][:2]
    for report in ReviewReport.objects.filter(review=review).filter(commune__in=chosen).select_related("commune"):
        actor = _officer(report.commune, office)
        review_services.review_report_save(report=report, actor=actor, data=TEXTS)
        review_services.review_report_submit(report=report, actor=actor)
        result.filed += 1
    for report in ReviewReport.objects.filter(review=review, agency__in=filing_agencies).select_related("agency"):
        actor = _focal(report.agency, office)
        review_services.review_report_save(report=report, actor=actor, data={
            "leadership": "Cử cán bộ tham gia ra quân theo lịch phân công của huyện.",
            "results": "Cán bộ cơ quan tham gia ra quân tại các xã được phân công."})
        review_services.review_report_submit(report=report, actor=actor)
        result.filed += 1
    by_id = {c.pk: c for c in communes}
    awarded, proposals = [], []
    for v in suggested_villages(review, list(by_id), limit=4):
        village = Village.objects.select_related("parent").get(pk=v.village_id)
        commune = by_id.get(village.parent_id)
        if commune is None:
            continue
        proposals.append(commendation_services.commendation_propose(
            review=review, actor=_officer(commune, office), kind=NomineeKind.VILLAGE,
            proposed_form=CommendationForm.GIAY_KHEN_UBND, proposer_commune=commune, village=village))
    hoa_ninh = next((c for c in communes if c.name == "Hòa Ninh"), communes[0])
    proposals.append(commendation_services.commendation_propose(
        review=review, actor=_officer(hoa_ninh, office), kind=NomineeKind.COMMUNE,
        proposed_form=CommendationForm.BANG_KHEN_TINH, proposer_commune=hoa_ninh, commune=hoa_ninh))
    if tckh is not None:
        proposals.append(commendation_services.commendation_propose(
            review=review, actor=_focal(tckh, office), kind=NomineeKind.AGENCY,
            proposed_form=CommendationForm.GIAY_KHEN_HUYEN_UY, proposer_agency=tckh, agency=tckh))
        person = Person.objects.filter(agency=tckh, is_active=True).order_by("pk").first()
        if person is not None:
            proposals.append(commendation_services.commendation_propose(
                review=review, actor=_focal(tckh, office), kind=NomineeKind.PERSON,
                proposed_form=CommendationForm.GIAY_KHEN_UBND, proposer_agency=tckh, person=person))
    result.commendations = len(proposals)
    # All but the last two go through the short-list to the council; the last stays short-listed, one a draft.
    for index, c in enumerate(proposals):
        if index == len(proposals) - 1:
            continue
        actor = _officer(c.proposer_commune, office) if c.proposer_commune_id else _focal(c.proposer_agency, office)
        try:
            commendation_services.commendation_shortlist(commendation=c, actor=actor)
        except Exception:  # a unit's quota used up: the proposal stays a draft
            continue
        if index < len(proposals) - 2:
            commendation_services.commendation_submit(commendation=c, actor=actor)
            awarded.append(c)
    if awarded:
        awards = {c.pk: (c.proposed_form if i else "") for i, c in enumerate(awarded)} if len(awarded) > 2 else \
            {c.pk: c.proposed_form for c in awarded}
        commendation_services.commendation_decide(
            review=review, actor=office, number=f"{215}/QĐ-UBND", date=min(today, end + datetime.timedelta(days=60)),
            signer="Chủ tịch UBND huyện", awards=awards)
    return result
