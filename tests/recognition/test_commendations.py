"""Commendations: quotas, proposals with reasons from the data, the public short-list, the council's decision,
the list as PDF and XLSX; who may see what (issue 19 item 3)."""

import datetime
import io

import openpyxl
import pdfplumber
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from directory.models import Village
from ntm_portal.models import AuditEntry
from recognition.models import Commendation, CommendationForm, NomineeKind
from recognition.services import commendations as services

pytestmark = pytest.mark.django_db


def pdf_cells(pdf_bytes: bytes) -> set[str]:
    """Every table cell of a PDF, its wrapped lines joined."""
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        return {" ".join((cell or "").split()).replace("- ", "-") for page in pdf.pages
                for table in page.extract_tables() for row in table for cell in row}


@pytest.fixture
def village(hoa_ninh):
    return Village.objects.filter(parent=hoa_ninh).order_by("name").first()


def _propose(review, user, commune, village, **kw):
    return services.commendation_propose(review=review, actor=user, kind=NomineeKind.VILLAGE,
                                         proposed_form=CommendationForm.GIAY_KHEN_UBND, proposer_commune=commune,
                                         village=village, **kw)


def test_a_proposal_carries_its_reasons_from_the_data(review, commune_officer, hoa_ninh, village):
    c = _propose(review, commune_officer, hoa_ninh, village)
    assert c.facts["action_days"] == 2 and c.facts["weeks"] == 2 and c.facts["residents"] > 0
    assert c.achievements.startswith("Tham gia 2/2 ngày ra quân")
    assert AuditEntry.objects.filter(action="commendation.propose", target_id=str(c.pk)).count() == 1


def test_the_same_nominee_twice_is_refused(review, commune_officer, hoa_ninh, village):
    _propose(review, commune_officer, hoa_ninh, village)
    with pytest.raises(ValidationError):
        _propose(review, commune_officer, hoa_ninh, village)
    assert Commendation.objects.count() == 1


def test_a_village_of_another_commune_is_refused(review, commune_officer, hoa_ninh, gia_bac):
    with pytest.raises(ValidationError):
        _propose(review, commune_officer, hoa_ninh, Village.objects.filter(parent=gia_bac).first())
    assert not Commendation.objects.exists()


def test_life_cycle_within_the_quota(review, coordinator, commune_officer, hoa_ninh, village):
    c1 = _propose(review, commune_officer, hoa_ninh, village)
    c2 = services.commendation_propose(review=review, actor=commune_officer, kind=NomineeKind.PERSON,
                                       proposed_form=CommendationForm.GIAY_KHEN_UBND, proposer_commune=hoa_ninh,
                                       person_name="Ka Điểu", person_position="Trưởng thôn")
    with pytest.raises(ValidationError, match="chưa được giao chỉ tiêu"):
        services.commendation_shortlist(commendation=c1, actor=commune_officer)
    services.quota_set(review=review, actor=coordinator, commune=hoa_ninh, count=1)
    services.commendation_shortlist(commendation=c1, actor=commune_officer)
    with pytest.raises(ValidationError, match="hết chỉ tiêu"):
        services.commendation_shortlist(commendation=c2, actor=commune_officer)
    c2.refresh_from_db()
    assert c2.status == Commendation.Status.DRAFT
    services.commendation_submit(commendation=c1, actor=commune_officer)
    with pytest.raises(ValidationError):
        services.commendation_submit(commendation=c1, actor=commune_officer)  # double submit
    decision = services.commendation_decide(review=review, actor=coordinator, number="125/QĐ-UBND",
                                            date=datetime.date(2025, 8, 28), awards={c1.pk: CommendationForm.GIAY_KHEN_UBND})
    c1.refresh_from_db()
    assert (c1.status, c1.decision_id, c1.awarded_form) == (Commendation.Status.AWARDED, decision.pk,
                                                             CommendationForm.GIAY_KHEN_UBND)
    actions = list(AuditEntry.objects.filter(target_id=str(c1.pk), action__startswith="commendation.")
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["commendation.propose", "commendation.shortlist", "commendation.submit", "commendation.decide"]
    with pytest.raises(ValidationError):  # a draft cannot be decided
        services.commendation_decide(review=review, actor=coordinator, number="126/QĐ-UBND",
                                     date=datetime.date(2025, 8, 28), awards={c2.pk: ""})


def test_pages_the_shortlist_and_the_list(login, review, coordinator, commune_officer, other_commune_officer,
                                          hoa_ninh, village):
    client = login(commune_officer)
    response = client.post(reverse("reviews:commendation_create", args=[review.pk]), {
        "kind": NomineeKind.VILLAGE, "village": village.pk, "proposed_form": CommendationForm.GIAY_KHEN_UBND})
    c = Commendation.objects.get()
    assert response.status_code == 302 and c.proposer_commune == hoa_ninh
    login(coordinator).post(reverse("reviews:quota_edit", args=[review.pk]), {f"c{hoa_ninh.pk}": "2"})
    client = login(commune_officer)
    client.post(reverse("reviews:commendation_detail", args=[c.pk]), {"action": "cong_khai"})
    c.refresh_from_db()
    assert c.status == Commendation.Status.SHORTLISTED
    page = client.get(reverse("reviews:commune_shortlist", args=[review.pk, hoa_ninh.pk]))
    assert village.name in page.content.decode()
    # Another commune: neither the proposal nor Hòa Ninh's short-list exists for it.
    other = login(other_commune_officer)
    assert other.get(reverse("reviews:commendation_detail", args=[c.pk])).status_code == 404
    assert other.get(reverse("reviews:commune_shortlist", args=[review.pk, hoa_ninh.pk])).status_code == 404
    assert village.name not in other.get(reverse("reviews:commendation_list", args=[review.pk])).content.decode()
    client = login(commune_officer)
    client.post(reverse("reviews:commendation_detail", args=[c.pk]), {"action": "gui"})
    office = login(coordinator)
    office.post(reverse("reviews:decision_create", args=[review.pk]), {
        "number": "125/QĐ-UBND", "date": "28/08/2025", f"form_{c.pk}": CommendationForm.BANG_KHEN_TINH})
    c.refresh_from_db()
    assert c.status == Commendation.Status.AWARDED and c.decision.number == "125/QĐ-UBND"
    cells = pdf_cells(office.get(reverse("reviews:commendation_pdf", args=[review.pk])).content)
    assert f"{village.name}, Xã Hòa Ninh" in cells and "Bằng khen của Chủ tịch UBND tỉnh" in cells
    assert "125/QĐ-UBND (28/08/2025)" in cells
    book = openpyxl.load_workbook(io.BytesIO(office.get(reverse("reviews:commendation_xlsx", args=[review.pk])).content))
    cells = [c.value for row in book.active.iter_rows() for c in row]
    assert any(village.name in str(v) for v in cells) and "125/QĐ-UBND (28/08/2025)" in cells
