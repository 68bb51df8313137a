"""Roster pages: the agency sends (tick, upload, by hand); the commune sees and places people."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from directory.models import Person
from directory.services import person_create
from ntm_portal.access import (
    agency_for,
    can_view_personal_data,
    commune_board_for,
    commune_for,
    personal_data_agency_ids,
    roster_context_for,
    scope_of,
    speaks_for_agency,
)
from ntm_portal.collation import vi
from ntm_portal.workbooks import download_response, new_workbook, workbook_bytes, write_table, xlsx_response

from ..forms.rosters import RosterPersonForm, RosterTickForm, RosterUploadForm
from ..models import ActionDay, Roster
from ..selectors import rosters as selectors
from ..services import roster_import
from ..services.rosters import EntryLine, roster_entries_assign_villages, roster_save


def _upload_key(agency, commune, day) -> str:
    return f"roster_upload:{agency.pk}:{commune.pk}:{day.pk}"


def _edit_url(agency, commune, day) -> str:
    return reverse("campaigns:roster_edit", args=[agency.pk, commune.pk, day.pk])


@login_required
@require_GET
def agency_rosters(request, agency_id):
    agency = agency_for(request.user, agency_id)
    programme = selectors.programme_of_district(agency.owner_id)
    days = selectors.upcoming_action_days(programme, weeks=4) if programme else []
    past = list(programme.action_days.filter(date__lt=timezone.localdate()).order_by("-date")[:4]) if programme else []
    scope = scope_of(request.user)
    # A partner commune sees only what the agency sends to it.
    communes = None if speaks_for_agency(scope, agency) else list(scope.officer_commune_ids | scope.monitored_commune_ids)
    # The coming and the past weeks in one read (two queries), then split.
    rows = selectors.roster_status_rows(action_days=days + past, agency_ids=[agency.pk], commune_ids=communes)
    past_ids = {d.pk for d in past}
    return TemplateResponse(request, "campaigns/roster_agency.html", {
        "agency": agency,
        "rows": [r for r in rows if r.action_day.pk not in past_ids],
        "past_rows": [r for r in rows if r.action_day.pk in past_ids],
        "can_edit": scope.can_write_agency(agency),
    })


@login_required
@require_http_methods(["GET", "POST"])
def roster_edit(request, agency_id, commune_id, action_day_id):
    agency, commune, day, roster = roster_context_for(request.user, agency_id, commune_id, action_day_id,
                                                      write=request.method == "POST")
    form = RosterTickForm(request.POST if request.method == "POST" else None,
                          staff=Person.objects.filter(agency=agency, is_active=True))
    if request.method == "POST" and form.is_valid():
        lines = [EntryLine.of(p) for p in form.cleaned_data["people"]]
        try:
            roster = roster_save(agency=agency, commune=commune, action_day=day, lines=lines, actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            _saved_message(request, roster)
            return redirect(_edit_url(agency, commune, day))
    previous = selectors.previous_roster(agency=agency, commune=commune, action_day=day)
    if not form.is_bound:
        form.initial = _initial_ticks(request, roster, previous)
    query = _search_text(request)
    # The staff is counted, searched and paged in the database: a large agency is never loaded whole.
    pick = selectors.roster_staff_pick(agency=agency, action_day=day, chosen_ids=form["people"].value() or [],
                                       query=query)
    context = {
        "agency": agency, "commune": commune, "action_day": day, "roster": roster, "form": form,
        "chosen": pick.chosen, "others": pick.others, "others_total": pick.others_total, "query": query,
        "more_found": pick.more_found, "staff_total": pick.staff_total,
        "previous": previous, "upload_form": RosterUploadForm(), "person_form": RosterPersonForm(),
        "entries": list(roster.entries.select_related("village").order_by(vi("full_name"))) if roster else [],
        "can_edit": scope_of(request.user).can_write_agency(agency), "now": timezone.now(),
        # Phones are personal data: who may read them is decided in ntm_portal.access.
        "show_personal": can_view_personal_data(request.user, agency),
    }
    if request.htmx and request.htmx.target == "others-list":  # the search as you type: only the results
        return TemplateResponse(request, "campaigns/roster_edit.html#others-list", context)
    return TemplateResponse(request, "campaigns/roster_edit.html", context)


STAFF_SHOWN_WITHOUT_SEARCH = selectors.STAFF_SHOWN_WITHOUT_SEARCH


def _search_text(request) -> str:
    return "".join(ch for ch in request.GET.get("q", "") if ch.isprintable())[:60].strip()


def _initial_ticks(request, roster: Roster | None, previous: Roster | None) -> dict:
    """Tick who is on the roster now — or, on "copy last week's roster", who went last time."""
    if request.GET.get("sao-chep") and previous is not None:
        ticked = previous.entries.values_list("person_id", flat=True)
        messages.info(request, _("Đã chọn sẵn những người của danh sách ngày %(date)s. Kiểm tra rồi bấm Gửi.")
                      % {"date": f"{previous.action_day.date:%d/%m/%Y}"})
    else:
        ticked = roster.entries.values_list("person_id", flat=True) if roster else []
    return {"people": [str(pk) for pk in ticked], "sends_nobody": roster is not None and roster.entry_count == 0}


def _saved_message(request, roster: Roster) -> None:
    if roster.is_late:
        messages.warning(request, _("Đã nhận danh sách (%(n)s người). Danh sách gửi trễ hạn, lúc %(at)s.")
                         % {"n": roster.entry_count, "at": timezone.localtime(roster.submitted_at).strftime("%H:%M %d/%m/%Y")})
    else:
        messages.success(request, _("Đã gửi danh sách (%(n)s người) về %(commune)s.")
                         % {"n": roster.entry_count, "commune": roster.commune})


@login_required
@require_GET
def roster_template(request, agency_id, commune_id, action_day_id):
    agency, commune, day, roster = roster_context_for(request.user, agency_id, commune_id, action_day_id, write=True)
    # The people sent this week, else last week's; a whole staff list only for a small agency.
    source = roster or selectors.previous_roster(agency=agency, commune=commune, action_day=day)
    staff = Person.objects.filter(agency=agency, is_active=True).order_by(vi("full_name"))
    if source is not None:
        people = list(staff.filter(pk__in=source.entries.values("person_id")))
    else:
        people = list(staff[:STAFF_SHOWN_WITHOUT_SEARCH + 1])
        people = people if len(people) <= STAFF_SHOWN_WITHOUT_SEARCH else []
    data = roster_import.roster_template_build(agency=agency, commune=commune, action_day=day, people=people,
                                               show_personal=can_view_personal_data(request.user, agency))
    return xlsx_response(data, filename=f"danh-sach-{day.date:%Y-%m-%d}-{commune.pk}.xlsx")


@login_required
@require_POST
def roster_upload(request, agency_id, commune_id, action_day_id):
    agency, commune, day, roster = roster_context_for(request.user, agency_id, commune_id, action_day_id, write=True)
    form = RosterUploadForm(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > roster_import.MAX_BYTES:
            errors = [_("Tệp quá lớn (%(size)s KB): tối đa %(max)s KB.")
                      % {"size": upload.size // 1024, "max": roster_import.MAX_BYTES // 1024}]
        else:
            result = roster_import.roster_file_read(data=upload.read(), filename=upload.name, agency=agency,
                                                    commune=commune, action_day=day)
            errors = result.errors
            if result.ok:
                request.session[_upload_key(agency, commune, day)] = {
                    "digest": result.digest, "filename": upload.name, "rows": [r.as_dict() for r in result.rows]}
                return redirect("campaigns:roster_upload_preview", agency.pk, commune.pk, day.pk)
    else:
        errors = [e for field_errors in form.errors.values() for e in field_errors]
    return TemplateResponse(request, "campaigns/roster_upload_errors.html", {
        "agency": agency, "commune": commune, "action_day": day, "errors": errors,
        "filename": getattr(request.FILES.get("file"), "name", ""), "upload_form": RosterUploadForm(),
    }, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def roster_upload_preview(request, agency_id, commune_id, action_day_id):
    agency, commune, day, roster = roster_context_for(request.user, agency_id, commune_id, action_day_id, write=True)
    pending = request.session.get(_upload_key(agency, commune, day))
    if not pending:
        messages.info(request, _("Không có tệp nào đang chờ lưu. Hãy tải tệp lên lại."))
        return redirect(_edit_url(agency, commune, day))
    rows = [roster_import.ImportRow(**r) for r in pending["rows"]]
    if request.method == "POST":
        try:
            roster = roster_import.roster_import(agency=agency, commune=commune, action_day=day, rows=rows,
                                                 digest=pending["digest"], actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            del request.session[_upload_key(agency, commune, day)]
            _saved_message(request, roster)
            return redirect(_edit_url(agency, commune, day))
    return TemplateResponse(request, "campaigns/roster_upload_preview.html", {
        "agency": agency, "commune": commune, "action_day": day, "rows": rows, "filename": pending["filename"],
        "same_file": roster is not None and roster.upload_digest == pending["digest"], "roster": roster,
        "new_people": sum(1 for r in rows if r.person_id is None),
    })


@login_required
@require_POST
def roster_person_add(request, agency_id, commune_id, action_day_id):
    """Add someone by hand: they join the agency's staff list and this roster."""
    agency, commune, day, roster = roster_context_for(request.user, agency_id, commune_id, action_day_id, write=True)
    form = RosterPersonForm(request.POST)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(error))
        return redirect(_edit_url(agency, commune, day))
    data = form.cleaned_data
    kept = list(roster.entries.select_related("person")) if roster else []
    try:
        person = person_create(agency=agency, full_name=data["full_name"], position=data["position"],
                               phone=data["phone"], is_party_member=data["is_party_member"], actor=request.user)
        lines = [EntryLine(person=e.person, position=e.position, phone=e.phone, is_party_member=e.is_party_member,
                           note=e.note) for e in kept] + [EntryLine.of(person)]
        roster = roster_save(agency=agency, commune=commune, action_day=day, lines=lines, actor=request.user,
                             source=Roster.Source.MANUAL)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        _saved_message(request, roster)
    return redirect(_edit_url(agency, commune, day))


# --- the commune ---------------------------------------------------------------------------------

@login_required
@require_GET
def commune_rosters_next(request, commune_id):
    commune = commune_for(request.user, commune_id)
    programme = selectors.programme_of_commune(commune)
    day = selectors.next_action_day(programme) if programme else None
    if day is None:
        raise Http404
    return redirect("campaigns:commune_rosters", commune.pk, day.pk)


@login_required
@require_http_methods(["GET", "POST"])
def commune_rosters(request, commune_id, action_day_id):
    commune, day = commune_board_for(request.user, commune_id, action_day_id, write=request.method == "POST")
    if request.method == "POST":
        assignments = {}
        for key, value in request.POST.items():
            if key.startswith("village-") and key[8:].isdigit():
                assignments[int(key[8:])] = int(value) if value.isdigit() else None
        try:
            changed = roster_entries_assign_villages(commune=commune, action_day=day, assignments=assignments,
                                                     actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã lưu phân công thôn cho %(n)s người.") % {"n": changed})
        return redirect("campaigns:commune_rosters", commune.pk, day.pk)
    board = selectors.commune_roster_board(commune=commune, action_day=day)
    other_days = list(day.programme.action_days.filter(status=ActionDay.Status.OPEN).order_by("-date")[:8])
    return TemplateResponse(request, "campaigns/roster_commune.html", {
        "commune": commune, "action_day": day, "board": board, "other_days": other_days,
        "can_assign": scope_of(request.user).can_write_commune(commune),
        "personal_agency_ids": personal_data_agency_ids(request.user, [r.agency for r in board["rosters"]]),
    })


@login_required
@require_GET
def commune_rosters_pdf(request, commune_id, action_day_id):
    """The commune's list of agency staff for the day, as a DANH SÁCH of the commune (Nghị định 30/2020/NĐ-CP)."""
    from directory.models import DocumentKind, in_sentence
    from ntm_portal.documents import document_for, render_document

    commune, day = commune_board_for(request.user, commune_id, action_day_id)
    board = selectors.commune_roster_board(commune=commune, action_day=day)
    entries = list(selectors.roster_entries_for_commune(action_day=day, commune=commune))
    doc = document_for(unit=commune, kind=DocumentKind.LIST, subject=_(
        "Cán bộ các cơ quan, đơn vị tham gia ngày ra quân %(date)s tại %(commune)s") % {
            "date": day.date.strftime("%d/%m/%Y"), "commune": in_sentence(commune.full_name)})
    pdf = render_document("campaigns/pdf/roster_commune.html", {
        "doc": doc, "commune": commune, "action_day": day, "board": board, "entries": entries,
        "agencies": len({e.roster.agency_id for e in entries})})
    return download_response(pdf, filename=f"danh-sach-{day.date:%Y-%m-%d}-{commune.pk}.pdf",
                             content_type="application/pdf", inline=True)


@login_required
@require_GET
def commune_rosters_xlsx(request, commune_id, action_day_id):
    commune, day = commune_board_for(request.user, commune_id, action_day_id)
    entries = list(selectors.roster_entries_for_commune(action_day=day, commune=commune))
    personal = personal_data_agency_ids(request.user, {e.roster.agency for e in entries})
    headers = [_("STT"), _("Họ và tên"), _("Chức vụ"), _("Cơ quan, đơn vị"), _("Số điện thoại"), _("Đảng viên"),
               _("Thôn, tổ dân phố")]
    rows = [[i, e.full_name, e.position, e.roster.agency.name,
             e.phone if e.roster.agency_id in personal else None,
             (_("Có") if e.is_party_member else "") if e.roster.agency_id in personal else None,
             e.village.name if e.village else _("Chưa phân công")]
            for i, e in enumerate(entries, start=1)]
    widths = [6, 28, 22, 34, 14, 10, 24]
    if not personal:  # a reader who may see nobody's phone or party membership gets no such columns
        headers, widths = headers[:4] + headers[6:], widths[:4] + widths[6:]
        rows = [row[:4] + row[6:] for row in rows]
    title = (_("DANH SÁCH CÁN BỘ THAM GIA NGÀY RA QUÂN %(date)s – %(commune)s")
             % {"date": f"{day.date:%d/%m/%Y}", "commune": commune.full_name})
    wb = new_workbook(title=title)
    write_table(wb.create_sheet(_("Phân công")), title=title, headers=headers, rows=rows, widths=widths)
    return xlsx_response(workbook_bytes(wb), filename=f"phan-cong-{day.date:%Y-%m-%d}-{commune.pk}.xlsx")


@login_required
@require_GET
def roster_overview(request):
    """The coordinator's table: every agency × commune for one action day, with the four statuses."""
    scope = scope_of(request.user)
    if not scope.district_ids:
        raise PermissionDenied
    programme = selectors.programme_of_district(scope.coordinating_unit.pk)
    if programme is None:
        raise Http404
    days = list(programme.action_days.exclude(status=ActionDay.Status.CANCELLED).order_by("-date")[:16])
    day = next((d for d in days if str(d.pk) == request.GET.get("ngay", "")), None) or selectors.next_action_day(programme) \
        or (days[0] if days else None)
    rows = selectors.roster_status_rows(action_days=[day]) if day else []
    rows = [r for r in rows if scope.can_read_commune(r.commune)]
    counts = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    return TemplateResponse(request, "campaigns/roster_overview.html", {
        "programme": programme, "days": days, "action_day": day, "rows": rows, "counts": counts,
        "only_missing": request.GET.get("chua-gui") == "1",
    })
