"""Writes of the village fund ledger: one entry at a time, checked whole, with its audit row."""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.services.photos import photo_prepare
from directory.models import AdministrativeUnit, UnitLevel
from ntm_portal.audit import audit_record, snapshot

from ..models import EntryDirection, EntryKind, FundEntry, FundSource

MAX_AMOUNT = Decimal(10) ** 13 - 1
AUDITED = ["village", "commune", "direction", "kind", "source", "on", "amount", "working_days", "description",
           "contributor", "receipt"]


@dataclasses.dataclass
class EntryInput:
    direction: str
    kind: str
    on: datetime.date
    amount: Decimal
    description: str
    source: str = ""
    working_days: Decimal | None = None
    contributor: str = ""


def fund_entry_check(data: EntryInput) -> EntryInput:
    """The rules of one entry, the same as the database's checks, in Vietnamese."""
    errors = {}
    if isinstance(data.amount, (int, str)):
        data.amount = Decimal(data.amount)
    if isinstance(data.working_days, (int, str)):
        data.working_days = Decimal(data.working_days)
    if data.direction not in EntryDirection.values:
        errors["direction"] = _("Chọn thu (đóng góp) hay chi.")
    if data.kind not in EntryKind.values:
        errors["kind"] = _("Chọn hình thức: tiền, hiện vật hoặc ngày công.")
    if data.direction == EntryDirection.CONTRIBUTION and data.source not in FundSource.values:
        errors["source"] = _("Khoản đóng góp cần ghi nguồn (Nhân dân, doanh nghiệp, nhà hảo tâm, ngân sách).")
    if data.direction == EntryDirection.SPENDING:
        data.source = ""
    if data.amount is None or data.amount < 0 or data.amount > MAX_AMOUNT:
        errors["amount"] = _("Số tiền phải từ 0 đến dưới 10.000 tỷ đồng.")
    elif data.amount != data.amount.to_integral_value():
        errors["amount"] = _("Số tiền ghi bằng đồng, không có phần lẻ.")
    elif data.amount == 0 and data.kind != EntryKind.LABOUR:
        errors["amount"] = _("Số tiền phải lớn hơn 0.")
    if data.kind == EntryKind.LABOUR:
        if data.working_days is None or data.working_days <= 0 or data.working_days >= Decimal("1000000"):
            errors["working_days"] = _("Ngày công phải lớn hơn 0.")
    else:
        data.working_days = None
    if data.on is None or data.on > timezone.localdate():
        errors["on"] = _("Ngày không được sau ngày hôm nay.")
    if not (data.description or "").strip():
        errors["description"] = _("Cần ghi nội dung.")
    elif len(data.description) > 255:
        errors["description"] = _("Nội dung: tối đa 255 ký tự.")
    if len(data.contributor or "") > 200:
        errors["contributor"] = _("Tối đa 200 ký tự.")
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def fund_entry_add(*, village: AdministrativeUnit, data: EntryInput, actor, receipt=None,
                   token: uuid.UUID | None = None) -> FundEntry:
    """Record one contribution or spending of a village. The same form sent twice (same token) records once."""
    if village.level != UnitLevel.VILLAGE:
        raise ValidationError(_("Sổ quỹ chỉ mở cho thôn, tổ dân phố."))
    if token is not None:
        existing = FundEntry.objects.filter(token=token).first()
        if existing is not None:
            return existing
    data = fund_entry_check(data)
    prepared = photo_prepare(receipt) if receipt else None  # raises a Vietnamese ValidationError
    entry = FundEntry(village=village, commune_id=village.parent_id, direction=data.direction, kind=data.kind,
                      source=data.source, on=data.on, amount=data.amount, working_days=data.working_days,
                      description=data.description.strip(), contributor=(data.contributor or "").strip(),
                      token=token, created_by=actor)
    if prepared is not None:
        entry.receipt.save(prepared.image.name, prepared.image, save=False)
        entry.receipt_thumbnail.save(prepared.thumbnail.name, prepared.thumbnail, save=False)
        entry.receipt_name = prepared.original_name
    entry.save()
    audit_record(actor=actor, action="village_fund.entry_add", target=entry, after=snapshot(entry, AUDITED),
                 unit=village.parent.parent if village.parent_id else None)
    return entry


@transaction.atomic
def fund_entry_delete(*, entry: FundEntry, actor) -> None:
    before = snapshot(entry, AUDITED)
    audit_record(actor=actor, action="village_fund.entry_delete", target=entry, before=before)
    files = [f for f in (entry.receipt, entry.receipt_thumbnail) if f]
    FundEntry.objects.filter(pk=entry.pk).delete()
    for f in files:
        transaction.on_commit(lambda f=f: f.storage.delete(f.name))
