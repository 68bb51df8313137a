"""The roll-up as a PDF in the administrative layout of Nghị định 30/2020/NĐ-CP (WeasyPrint)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string

from .pdf import render_pdf
from .rollup import WeeklyRollup

TEMPLATE = "reporting/pdf/rollup.html"


def rollup_context(rollup: WeeklyRollup) -> dict:
    counts = {"on_time": 0, "late": 0, "missing": 0, "sent_nobody": 0}
    for a in rollup.agencies:
        for key in counts:
            counts[key] += getattr(a, key)
    issuer = settings.ROLLUP_ISSUER
    return {
        "rollup": rollup,
        "title": rollup.title,
        "subtitle": rollup.subject,
        "issuer_parent": rollup.issuer_parent,
        "issuer": issuer,
        "document_number": rollup.document_number,
        "place": settings.ROLLUP_PLACE,
        "issued_on": rollup.issued_on,
        "signer_role": settings.ROLLUP_SIGNER_TITLE,
        "signer_name": settings.ROLLUP_SIGNER_NAME,
        "cc": settings.ROLLUP_CC,
        "agency_counts": counts,
    }


def rollup_html(rollup: WeeklyRollup) -> str:
    return render_to_string(TEMPLATE, rollup_context(rollup))


def rollup_pdf(rollup: WeeklyRollup) -> bytes:
    return render_pdf(TEMPLATE, rollup_context(rollup))
