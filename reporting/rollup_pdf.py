"""The roll-up as a BÁO CÁO of the coordinating unit, built by the one document builder
(ntm_portal.documents, Nghị định 30/2020/NĐ-CP), with its tables as appendices I–IV."""

from __future__ import annotations

from django.utils.translation import gettext as _

from directory.models import AdministrativeUnit, DocumentKind
from ntm_portal.documents import Document, document_for, render_document, render_html

from .rollup import WeeklyRollup

TEMPLATE = "reporting/pdf/rollup.html"


def rollup_document(rollup: WeeklyRollup) -> Document:
    unit = AdministrativeUnit.objects.get(pk=rollup.district_id)
    doc = document_for(unit=unit, kind=DocumentKind.REPORT, subject=rollup.subject, issued_on=rollup.issued_on)
    date = rollup.action_date.strftime("%d/%m/%Y")
    doc.add_appendix("communes", _("Kết quả ngày ra quân theo xã, thị trấn"), _("(Ngày ra quân %(d)s)") % {"d": date})
    doc.add_appendix("agencies", _("Cơ quan, đơn vị được phân công cử cán bộ tham gia"),
                     _("(Ngày ra quân %(d)s)") % {"d": date})
    doc.add_appendix("low_villages", _("Thôn, tổ dân phố có tỷ lệ hộ tham gia thấp"),
                     _("(Dưới %(t)s số hộ)") % {"t": rollup.threshold_label})
    doc.add_appendix("proposals", _("Kiến nghị, đề xuất của cơ sở chưa được trả lời"))
    return doc


def rollup_context(rollup: WeeklyRollup) -> dict:
    counts = {"on_time": 0, "late": 0, "missing": 0, "sent_nobody": 0}
    for a in rollup.agencies:
        for key in counts:
            counts[key] += getattr(a, key)
    doc = rollup_document(rollup)
    return {"rollup": rollup, "doc": doc, "ap": doc.appendices, "agency_counts": counts}


def rollup_html(rollup: WeeklyRollup) -> str:
    return render_html(TEMPLATE, rollup_context(rollup))


def rollup_pdf(rollup: WeeklyRollup) -> bytes:
    return render_document(TEMPLATE, rollup_context(rollup))
