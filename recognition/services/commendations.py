"""Writes of the commendations: quotas (the office), proposals and the public short-list (the unit), the
council's decision (the office). Atomic, validated, one audit row per change in the same transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm_portal.audit import audit_record, snapshot

from ..models import Commendation, CommendationDecision, CommendationForm, CommendationQuota, NomineeKind, Review
from ..selectors.commendations import nominee_facts, quota_used


@transaction.atomic
def quota_set(*, review: Review, actor, count: int, commune=None, agency=None) -> CommendationQuota:
    if (commune is None) == (agency is None):
        raise ValidationError(_("Chỉ tiêu giao cho một xã hoặc một cơ quan."), code="unit")
    if count < 0:
        raise ValidationError(_("Chỉ tiêu không được âm."), code="count")
    quota = CommendationQuota.objects.select_for_update().filter(
        review=review, commune=commune, agency=agency).first()
    before = {"count": quota.count} if quota else None
    if quota is None:
        quota = CommendationQuota.objects.create(review=review, commune=commune, agency=agency, count=count)
    elif quota.count != count:
        quota.count = count
        quota.save(update_fields=["count"])
    audit_record(actor=actor, action="commendation_quota.set", target=review, before=before, after={"count": count},
                 unit=review.district, note=str(commune.full_name if commune else agency.name))
    return quota


def _check_nominee(*, kind, proposer_commune, proposer_agency, village, commune, agency, person, person_name):
    if (proposer_commune is None) == (proposer_agency is None):
        raise ValidationError(_("Đề nghị phải do một xã hoặc một cơ quan lập."), code="proposer")
    if kind == NomineeKind.VILLAGE:
        if village is None or proposer_commune is None or village.parent_id != proposer_commune.pk:
            raise ValidationError(_("Chọn một thôn, tổ dân phố của xã đề nghị."), code="village")
    elif kind == NomineeKind.COMMUNE:
        if commune is None or proposer_commune is None or commune.pk != proposer_commune.pk:
            raise ValidationError(_("Xã chỉ đề nghị khen thưởng tập thể xã mình."), code="commune")
    elif kind == NomineeKind.AGENCY:
        if agency is None or proposer_agency is None or agency.pk != proposer_agency.pk:
            raise ValidationError(_("Cơ quan chỉ đề nghị khen thưởng tập thể cơ quan mình."), code="agency")
    elif kind == NomineeKind.PERSON:
        if person is not None and (proposer_agency is None or person.agency_id != proposer_agency.pk):
            raise ValidationError(_("Cán bộ không thuộc cơ quan đề nghị."), code="person")
        if person is None and not (person_name or "").strip():
            raise ValidationError(_("Ghi họ và tên cá nhân được đề nghị."), code="person_name")
    else:
        raise ValidationError(_("Đối tượng khen thưởng không hợp lệ."), code="kind")


@transaction.atomic
def commendation_propose(*, review: Review, actor, kind: str, proposed_form: str, proposer_commune=None,
                         proposer_agency=None, village=None, commune=None, agency=None, person=None,
                         person_name: str = "", person_position: str = "", achievements: str = "") -> Commendation:
    """A proposal with its reasons drawn from the review period's data (the text may be completed by hand)."""
    _check_nominee(kind=kind, proposer_commune=proposer_commune, proposer_agency=proposer_agency, village=village,
                   commune=commune, agency=agency, person=person, person_name=person_name)
    if proposed_form not in CommendationForm.values:
        raise ValidationError(_("Hình thức khen thưởng không hợp lệ."), code="form")
    if kind != NomineeKind.VILLAGE:
        village = None
    if kind != NomineeKind.COMMUNE:
        commune = None
    if kind != NomineeKind.AGENCY:
        agency = None
    if kind != NomineeKind.PERSON:
        person, person_name, person_position = None, "", ""
    elif person is not None:
        person_name, person_position = person.full_name, person_position or f"{person.position}, {person.agency.name}"
    same = Commendation.objects.filter(review=review, kind=kind, village=village, commune=commune, agency=agency,
                                       person=person, person_name=person_name.strip())
    if same.exists():  # a double submit, or the same nominee twice
        raise ValidationError(_("Đã có đề nghị khen thưởng cho đối tượng này trong đợt."), code="duplicate")
    facts, text = nominee_facts(review, kind=kind, village=village, commune=commune, agency=agency, person=person)
    commendation = Commendation.objects.create(
        review=review, proposer_commune=proposer_commune, proposer_agency=proposer_agency, kind=kind,
        village=village, commune=commune, agency=agency, person=person, person_name=person_name.strip(),
        person_position=person_position.strip(), achievements=(achievements or "").strip() or text, facts=facts,
        proposed_form=proposed_form, created_by=actor)
    audit_record(actor=actor, action="commendation.propose", target=commendation, after=snapshot(commendation),
                 unit=review.district)
    return commendation


@transaction.atomic
def commendation_shortlist(*, commendation: Commendation, actor) -> Commendation:
    """Put the proposal on the unit's public short-list (công khai ở cơ sở), within the quota the office gave."""
    review = commendation.review
    unit = {"commune": commendation.proposer_commune, "agency": commendation.proposer_agency}
    quota = CommendationQuota.objects.select_for_update().filter(review=review, **unit).first()
    if quota is None:
        raise ValidationError(_("Đơn vị chưa được giao chỉ tiêu khen thưởng cho đợt này."), code="no_quota")
    used = quota_used(review, commune_id=commendation.proposer_commune_id, agency_id=commendation.proposer_agency_id)
    if used >= quota.count:
        raise ValidationError(_("Đã dùng hết chỉ tiêu (%(n)d) của đơn vị.") % {"n": quota.count}, code="quota")
    updated = Commendation.objects.filter(pk=commendation.pk, status=Commendation.Status.DRAFT).update(
        status=Commendation.Status.SHORTLISTED, shortlisted_at=timezone.now())
    if updated != 1:
        raise ValidationError(_("Đề nghị đã được công khai."), code="state")
    commendation.refresh_from_db()
    audit_record(actor=actor, action="commendation.shortlist", target=commendation,
                 after={"status": commendation.status}, unit=review.district)
    return commendation


@transaction.atomic
def commendation_submit(*, commendation: Commendation, actor) -> Commendation:
    """Send a short-listed proposal to the emulation council."""
    updated = Commendation.objects.filter(pk=commendation.pk, status=Commendation.Status.SHORTLISTED).update(
        status=Commendation.Status.SUBMITTED, submitted_at=timezone.now())
    if updated != 1:
        raise ValidationError(_("Chỉ gửi được đề nghị đã công khai ở cơ sở."), code="state")
    commendation.refresh_from_db()
    audit_record(actor=actor, action="commendation.submit", target=commendation,
                 after={"status": commendation.status}, unit=commendation.review.district)
    return commendation


@transaction.atomic
def commendation_decide(*, review: Review, actor, number: str, date: datetime.date, signer: str = "",
                        awards: dict[int, str]) -> CommendationDecision:
    """The council's decision: each proposal sent to it is awarded (with its form) or not (form "")."""
    number = (number or "").strip()
    if not number:
        raise ValidationError(_("Ghi số quyết định."), code="number")
    if CommendationDecision.objects.filter(review=review, number=number).exists():
        raise ValidationError(_("Quyết định số %(n)s đã được ghi.") % {"n": number}, code="duplicate")
    pending = {c.pk: c for c in Commendation.objects.select_for_update().filter(
        review=review, status=Commendation.Status.SUBMITTED, pk__in=list(awards))}
    if not pending or set(pending) != set(awards):
        raise ValidationError(_("Quyết định chỉ gồm các đề nghị đang chờ Hội đồng xét."), code="state")
    for form in awards.values():
        if form and form not in CommendationForm.values:
            raise ValidationError(_("Hình thức khen thưởng không hợp lệ."), code="form")
    decision = CommendationDecision.objects.create(review=review, number=number, date=date, signer=signer.strip(),
                                                   created_by=actor)
    for pk, form in awards.items():
        status = Commendation.Status.AWARDED if form else Commendation.Status.NOT_AWARDED
        Commendation.objects.filter(pk=pk).update(status=status, decision=decision, awarded_form=form)
        audit_record(actor=actor, action="commendation.decide", target=pending[pk],
                     after={"status": status, "awarded_form": form, "decision": number}, unit=review.district)
    audit_record(actor=actor, action="commendation_decision.create", target=decision,
                 after=snapshot(decision), unit=review.district)
    return decision
