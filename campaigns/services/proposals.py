"""Writes of proposals: the coordinating office assigns each to an agency and records the answer."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Agency
from directory.services import district_of
from ntm_portal import limits
from ntm_portal.audit import audit_record, snapshot
from ntm_portal.limits import check_length

from ..models import Proposal

FIELDS = ["status", "agency", "answer"]


@transaction.atomic
def proposal_assign(*, proposal: Proposal, agency: Agency, actor) -> Proposal:
    """Give the proposal to an agency (again, if it was given to another one and not answered)."""
    commune = proposal.commune
    coordinating = district_of(commune)
    if agency.owner_id not in (commune.parent_id, getattr(coordinating, "pk", None)):
        raise ValidationError(_("Cơ quan không thuộc đơn vị điều phối của xã này."), code="agency")
    before = snapshot(proposal, FIELDS)
    updated = Proposal.objects.filter(
        pk=proposal.pk, status__in=[Proposal.Status.OPEN, Proposal.Status.ASSIGNED]
    ).update(status=Proposal.Status.ASSIGNED, agency=agency, assigned_at=timezone.now())
    if updated != 1:
        raise ValidationError(_("Kiến nghị này đã được trả lời."), code="answered")
    proposal.refresh_from_db()
    audit_record(actor=actor, action="proposal.assign", target=proposal, before=before,
                 after=snapshot(proposal, FIELDS), unit=coordinating)
    return proposal


@transaction.atomic
def proposal_answer(*, proposal: Proposal, answer: str, actor, agency: Agency | None = None) -> Proposal:
    """Record the answer (the agency's, as the office received it); the commune then sees it."""
    answer = check_length((answer or "").strip(), limits.LONG_NOTE, _("Nội dung trả lời"))
    if not answer:
        raise ValidationError(_("Cần nhập nội dung trả lời."), code="required")
    agency = agency or proposal.agency
    if agency is None:
        raise ValidationError(_("Cần chọn cơ quan trả lời kiến nghị."), code="agency")
    coordinating = district_of(proposal.commune)
    if agency.owner_id not in (proposal.commune.parent_id, getattr(coordinating, "pk", None)):
        raise ValidationError(_("Cơ quan không thuộc đơn vị điều phối của xã này."), code="agency")
    before = snapshot(proposal, FIELDS)
    now = timezone.now()
    updated = Proposal.objects.filter(
        pk=proposal.pk, status__in=[Proposal.Status.OPEN, Proposal.Status.ASSIGNED]
    ).update(status=Proposal.Status.ANSWERED, agency=agency, answer=answer, answered_at=now, answered_by=actor,
             assigned_at=proposal.assigned_at or now)
    if updated != 1:
        raise ValidationError(_("Kiến nghị này đã được trả lời."), code="answered")
    proposal.refresh_from_db()
    audit_record(actor=actor, action="proposal.answer", target=proposal, before=before,
                 after=snapshot(proposal, FIELDS), unit=coordinating)
    return proposal
