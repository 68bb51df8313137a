"""Writes of the API: tokens (create, revoke), and the one-submission-per-key record.

Rosters and day reports are written by campaigns' own services (api/filing.py calls them).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ntm_portal.audit import audit_record

from .models import TOKEN_PREFIX_LENGTH, ApiToken, IdempotencyRecord, token_digest

MAX_TOKEN_DAYS = 366
MAX_ACTIVE_TOKENS = 20
IDEMPOTENCY_KEY_MAX = 100


@transaction.atomic
def api_token_create(*, user, name: str, kind: str = ApiToken.Kind.PERSONAL, days: int | None = None,
                     actor) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it with its secret, which is never stored nor shown again."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Cần đặt tên gợi nhớ cho mã (ví dụ: “Hệ thống báo cáo tỉnh”).")})
    if len(name) > 100:
        raise ValidationError({"name": _("Tên gợi nhớ tối đa 100 ký tự.")})
    if kind not in ApiToken.Kind.values:
        raise ValidationError({"kind": _("Loại mã không hợp lệ.")})
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationError({"days": _("Thời hạn từ 1 đến %(max)s ngày.") % {"max": MAX_TOKEN_DAYS}})
    now = timezone.now()
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now).count()
    if active >= MAX_ACTIVE_TOKENS:
        raise ValidationError(_("Bạn đã có %(n)s mã đang dùng; hãy thu hồi mã không cần nữa.") % {"n": active})
    secret = "ntm_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, kind=kind, prefix=secret[4:4 + TOKEN_PREFIX_LENGTH], digest=token_digest(secret),
        expires_at=now + datetime.timedelta(days=days),
    )
    audit_record(actor=actor, action="api_token.create", target=token,
                 after={"name": name, "kind": kind, "expires_at": token.expires_at.isoformat()})
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> bool:
    """Revoke at once; a second revoke changes nothing (and writes no second audit row)."""
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if revoked:
        token.refresh_from_db()
        audit_record(actor=actor, action="api_token.revoke", target=token)
    return bool(revoked)


def request_digest(method: str, path: str, data) -> str:
    raw = json.dumps([method, path, data], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class KeyReused(Exception):
    """The same Idempotency-Key came with a different request."""


def idempotent_run(*, user, key: str, method: str, path: str, data, handler):
    """Run `handler()` → (status, body) once per (user, key): a retry gets the first answer back.

    The write and the record share one transaction, so two retries racing each other make one
    submission: the loser's insert hits the unique constraint, its writes roll back and it answers
    the winner's response. Only successes are kept: a refused request may be corrected and sent again.
    Returns (status, body, replayed).
    """
    digest = request_digest(method, path, data)
    record = IdempotencyRecord.objects.filter(user=user, key=key).first()
    if record is not None:
        if record.request_digest != digest:
            raise KeyReused
        return record.status_code, record.response, True
    try:
        with transaction.atomic():
            status, body = handler()
            if 200 <= status < 300:
                IdempotencyRecord.objects.create(user=user, key=key, method=method, path=path[:300],
                                                 request_digest=digest, status_code=status, response=body)
    except IntegrityError:
        record = IdempotencyRecord.objects.filter(user=user, key=key).first()
        if record is None:
            raise
        if record.request_digest != digest:
            raise KeyReused from None
        return record.status_code, record.response, True
    return status, body, False


DHIS2_UID = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")


@transaction.atomic
def dhis2_mapping_save(*, rows: list[dict], actor) -> int:
    """Save the office's DHIS2 mapping (rows: {"id", "data_element", "category_option_combo",
    "attribute_option_combo", "is_active"}); every identifier checked first, all rows or none.
    Returns the number of rows changed; one audit row each."""
    from ntm_portal.audit import snapshot

    from .models import Dhis2Mapping

    current = {m.pk: m for m in Dhis2Mapping.objects.select_for_update().filter(pk__in=[r["id"] for r in rows])}
    errors = {}
    for row in rows:
        label = current[row["id"]].get_figure_display() if row["id"] in current else str(row["id"])
        for name, required in (("data_element", True), ("category_option_combo", False),
                               ("attribute_option_combo", False)):
            value = (row.get(name) or "").strip()
            if (value or required) and not DHIS2_UID.match(value):
                errors[f"{label} – {name}"] = _("%(label)s: mã “%(value)s” không đúng dạng DHIS2 (11 ký tự chữ và "
                                                "số, bắt đầu bằng chữ).") % {"label": label, "value": value[:20]}
    pairs = [(r["data_element"].strip(), (r.get("category_option_combo") or "").strip()) for r in rows]
    if len(set(pairs)) != len(pairs):
        errors["pairs"] = _("Hai chỉ số không được dùng cùng một dataElement và categoryOptionCombo.")
    if errors:
        raise ValidationError(list(errors.values()))
    changed = 0
    for row in rows:
        mapping = current.get(row["id"])
        if mapping is None:
            continue
        before = snapshot(mapping)
        for name in ("data_element", "category_option_combo", "attribute_option_combo"):
            setattr(mapping, name, (row.get(name) or "").strip())
        mapping.is_active = bool(row.get("is_active"))
        if snapshot(mapping) != before:
            mapping.save(update_fields=["data_element", "category_option_combo", "attribute_option_combo",
                                        "is_active"])
            audit_record(actor=actor, action="dhis2_mapping.change", target=mapping, before=before,
                         after=snapshot(mapping))
            changed += 1
    return changed
