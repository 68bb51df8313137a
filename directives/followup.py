"""The office's follow-up report (16th and 30th of each month): one data object (selectors.tasks.Followup)
behind the PDF (the one document builder) and the workbook (the one workbook writer), e-mailed like
the Monday roll-up to the unit's roll-up recipients, once per period."""

from __future__ import annotations

import datetime

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import AdministrativeUnit, DocumentKind
from ntm_portal.audit import audit_record
from ntm_portal.workbooks import new_workbook, workbook_bytes, write_table

from .deadlines import followup_period
from .models import FollowupReport, Task
from .selectors.tasks import Followup, followup_data

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(f: Followup) -> str:
    return _("từ ngày %(a)s đến ngày %(b)s") % {"a": f.period_start.strftime("%d/%m/%Y"),
                                                "b": f.period_end.strftime("%d/%m/%Y")}


def followup_subject(f: Followup) -> str:
    return _("Kết quả theo dõi, đôn đốc thực hiện các văn bản chỉ đạo của Ban Chỉ đạo %(p)s") % {"p": _period(f)}


def file_stem(f: Followup) -> str:
    return f"theo-doi-chi-dao-{f.period_end:%Y-%m-%d}"


def followup_pdf(f: Followup) -> bytes:
    from ntm_portal.documents import document_for, render_document

    doc = document_for(unit=f.unit, kind=DocumentKind.REPORT, subject=followup_subject(f), issued_on=f.period_end)
    doc.add_appendix("tasks", _("Tình hình thực hiện từng nhiệm vụ"), "(" + _period(f) + ")")
    return render_document("directives/pdf/followup.html", {"f": f, "doc": doc, "ap": doc.appendices})


def _row(r) -> list:
    return [r.task.document.number or str(r.task.document)[:40], r.task.point, r.task.text, r.task.lead_name,
            r.deadline.due_on, r.state_label, r.deadline.done_on,
            r.last_report.text if r.last_report else ""]


def followup_xlsx(f: Followup) -> bytes:
    book = new_workbook(title=followup_subject(f))
    ws = book.create_sheet(_("Nhiệm vụ"))
    write_table(ws, title=followup_subject(f), subtitle=[str(f.unit)],
                headers=[_("Văn bản"), _("Mục"), _("Nội dung nhiệm vụ"), _("Đơn vị chủ trì"), _("Hạn"),
                         _("Tình trạng"), _("Hoàn thành ngày"), _("Báo cáo gần nhất")],
                rows=[_row(r) for r in f.rows], widths=[16, 6, 60, 30, 12, 16, 12, 50])
    units = book.create_sheet(_("Theo đơn vị"))
    write_table(units, title=_("Tổng hợp theo đơn vị chủ trì"), subtitle=[_period(f)],
                headers=[_("Đơn vị chủ trì"), _("Số nhiệm vụ"), _("Đã hoàn thành"), _("Đang thực hiện"),
                         _("Quá hạn"), _("Không thực hiện được")],
                rows=[[u.name, u.total, u.done, u.in_progress, u.overdue, u.cannot] for u in f.units],
                totals=[_("Tổng cộng"), sum(u.total for u in f.units), sum(u.done for u in f.units),
                        sum(u.in_progress for u in f.units), sum(u.overdue for u in f.units),
                        sum(u.cannot for u in f.units)],
                widths=[40, 12, 12, 12, 12, 14])
    if f.members:
        members = book.create_sheet(_("Thành viên BCĐ"))
        write_table(members, title=_("Báo cáo của các thành viên Ban Chỉ đạo"), subtitle=[_period(f)],
                    headers=[_("Thành viên"), _("Chức danh trong BCĐ"), _("Kỳ báo cáo đến ngày"), _("Tình trạng")],
                    rows=[[m.member, m.role, m.period.end, _("Không có báo cáo") if m.is_missing
                           else _("Báo cáo muộn") if m.late else _("Đã báo cáo")] for m in f.members],
                    widths=[32, 28, 14, 18])
    return workbook_bytes(book)


def followup_units() -> list[AdministrativeUnit]:
    return list(AdministrativeUnit.objects.filter(pk__in=Task.objects.values("owner_id")).order_by("pk"))


def followup_send(*, unit, today: datetime.date) -> bool:
    """On a report day, e-mail the unit's follow-up report (PDF and XLSX) to its roll-up recipients,
    once: the marker row and the e-mail go together (a refused mail rolls the marker back)."""
    from reporting.models import RollupRecipient

    period = followup_period(today)
    if period is None:
        return False
    recipients = list(RollupRecipient.objects.filter(district=unit, is_active=True).order_by("name")
                      .values_list("email", flat=True))
    if not recipients:
        return False
    with transaction.atomic():
        marker, created = FollowupReport.objects.get_or_create(
            owner=unit, period_end=period[1], defaults={"period_start": period[0]})
        marker = FollowupReport.objects.select_for_update().get(pk=marker.pk)
        if marker.emailed_at is not None:
            return False
        f = followup_data(unit=unit, period_start=period[0], period_end=period[1])
        body = render_to_string("emails/directive_followup.txt", {"f": f, "period": _period(f)})
        message = EmailMessage(subject="[NTM] " + followup_subject(f), body=body, to=recipients)
        message.attach(f"{file_stem(f)}.pdf", followup_pdf(f), "application/pdf")
        message.attach(f"{file_stem(f)}.xlsx", followup_xlsx(f), XLSX_TYPE)
        marker.emailed_at, marker.recipients = timezone.now(), ", ".join(recipients)
        marker.save(update_fields=["emailed_at", "recipients"])
        message.send(fail_silently=False)
        audit_record(actor=None, action="directives.followup_send", target=marker, unit=unit,
                     after={"recipients": recipients})
    return True
