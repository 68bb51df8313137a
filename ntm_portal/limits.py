"""How long free text may be, decided once: enforced by the form, the service and the database
(issue 12 A7). Pages that list or audit values show them shortened (`shorten`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext as _

SHORT_NOTE = 1000  # a reason, a comment, a note on a count
NOTE = 2000  # plan notes, village remarks, proposals, return comments, review opinions
LONG_NOTE = 4000  # a report's general remarks, an answer to a proposal, an assessment's note
SHOWN_IN_LISTS = 200  # characters a list or the audit trail shows of one value


def max_length_constraint(field: str, limit: int, *, name: str) -> models.CheckConstraint:
    """The database's own check that `field` holds at most `limit` characters (SQLite and PostgreSQL)."""
    return models.CheckConstraint(condition=LessThanOrEqual(Length(field), limit), name=name)


def check_length(value: str | None, limit: int, label: str) -> str:
    """`value` if it fits, else ValidationError in Vietnamese; services call it before writing."""
    value = value or ""
    if len(value) > limit:
        raise ValidationError(_("%(label)s: tối đa %(max)s ký tự (đang có %(n)s ký tự).")
                              % {"label": label, "max": f"{limit:,}".replace(",", "."), "n": f"{len(value):,}".replace(",", ".")},
                              code="max_length")
    return value


def shorten(value, limit: int = SHOWN_IN_LISTS):
    """A long text cut to `limit` characters with "…" (other values unchanged), for lists and the audit trail."""
    if isinstance(value, str) and len(value) > limit:
        return value[: limit - 1] + "…"
    if isinstance(value, dict):
        return {k: shorten(v, limit) for k, v in value.items()}
    if isinstance(value, list):
        return [shorten(v, limit) for v in value[:50]]
    return value

# The document library (library/): one file, the text kept of it, the pages of a PDF read.
LIBRARY_FILE_MAX_BYTES = 20 * 1024 * 1024
LIBRARY_TEXT_MAX_CHARS = 500_000
LIBRARY_PDF_MAX_PAGES = 200
