"""The review objects the role × URL matrices name (tests/ntm_portal/test_every_url.py's `world`)."""

import datetime

from directory.models import Village
from recognition.models import CommendationForm, NomineeKind, ReviewReport
from recognition.services.commendations import commendation_propose
from recognition.services.reviews import review_create


def recognition_world(*, district, hoa_ninh, coordinator, commune_officer) -> dict:
    review = review_create(
        district=district, actor=coordinator, title="Sơ kết 6 tháng đầu năm 2025",
        period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 6, 30),
        baseline_date=datetime.date(2025, 1, 1), unit_deadline=datetime.date(2025, 8, 18),
        draft_deadline=datetime.date(2025, 8, 23), conference_date=datetime.date(2025, 8, 30))
    commendation = commendation_propose(
        review=review, actor=commune_officer, kind=NomineeKind.VILLAGE, proposed_form=CommendationForm.GIAY_KHEN_UBND,
        proposer_commune=hoa_ninh, village=Village.objects.filter(parent=hoa_ninh).order_by("name").first())
    return {"review_id": review.pk, "commendation_id": commendation.pk,
            "review_report_id": ReviewReport.objects.get(review=review, commune=hoa_ninh).pk}
