"""Pages of the follow-up: the office's board, a lead unit's tasks, entering a directing document,
a task with its history, reporting progress, extending a deadline, the follow-up report."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from directory.models import Agency
from directory.services import communes_coordinated
from ntm_portal import access
from ntm_portal.workbooks import download_response, no_store, xlsx_response

from .. import followup as followup_out
from ..deadlines import current_period
from ..forms import MAX_TASK_ROWS, TASK_ROWS, DirectiveForm, ExtendForm, ProgressForm, TaskRowForm, lead_choices
from ..models import ExpectedResult, TaskState
from ..selectors import tasks as selectors
from ..services import deadline_extend, directive_create, progress_report, task_create

STATE_FILTERS = {"overdue", *TaskState.values}


@login_required
@require_GET
def board(request):
    unit = access.directives_board_unit(request.user)
    if unit is None:
        raise Http404
    state = request.GET.get("tinh-trang", "")
    state = state if state in STATE_FILTERS else ""
    by_unit = request.GET.get("theo") == "don-vi"
    rows, units = selectors.board(unit=unit, today=timezone.localdate(), state=state)
    return TemplateResponse(request, "directives/board.html", {
        "unit": unit, "rows": rows, "units": units, "by_unit": by_unit, "state": state,
        "documents": selectors.directive_documents(unit=unit), "states": TaskState.choices,
        "can_manage": access.scope_of(request.user).can_coordinate(unit.pk),
    })


@login_required
@require_GET
def my_tasks(request):
    rows = selectors.my_deadlines(scope=access.scope_of(request.user), today=timezone.localdate())
    return TemplateResponse(request, "directives/my_tasks.html", {"rows": rows})


def _row_forms(request, unit, count):
    leads = lead_choices(unit)
    agencies = [(str(pk), name) for value, name in leads[1][1] for pk in [value[1:]]]
    return [TaskRowForm(request.POST or None, prefix=f"t{i}", unit=unit, leads=leads, agencies=agencies,
                        initial={"point": str(i + 1)}) for i in range(count)]


@login_required
@require_http_methods(["GET", "POST"])
def directive_new(request):
    """The office enters a directing document and its points (a row per point; "Thêm dòng" without JS)."""
    unit = access.directives_board_unit(request.user)
    access.require_coordinator(request.user, getattr(unit, "pk", -1))
    raw = request.POST.get("them-dong") or request.POST.get("rows") or request.GET.get("dong") or ""
    count = min(max(int(raw), 1), MAX_TASK_ROWS) if raw.isdigit() else TASK_ROWS
    form = DirectiveForm(request.POST or None, request.FILES or None)
    rows = _row_forms(request, unit, count)
    token = request.POST.get("submit_token") or secrets.token_hex(16)
    adding_rows = bool(request.POST.get("them-dong"))
    if request.method == "POST" and not adding_rows and form.is_valid() and all([r.is_valid() for r in rows]):
        filled = [r for r in rows if not r.is_blank]
        if not filled:
            form.add_error(None, _("Văn bản chỉ đạo phải có ít nhất một nhiệm vụ."))
            return _directive_new_page(request, form, rows, count, token, unit)
        agencies = Agency.objects.in_bulk([int(v[1:]) for r in filled for v in [r.cleaned_data.get("lead") or ""]
                                           if v.startswith("a")] + [int(pk) for r in filled
                                                                     for pk in r.cleaned_data.get("co_agencies") or []])
        communes = communes_coordinated(unit).in_bulk([int(v[1:]) for r in filled
                                                       for v in [r.cleaned_data.get("lead") or ""] if v.startswith("c")])
        key = f"directives:new:{request.user.pk}:{token[:40]}"
        if not cache.add(key, 1, 3600):
            messages.info(request, _("Văn bản này đã được lưu."))
            return redirect("directives:board")
        try:
            data = {k: form.cleaned_data[k] for k in ("kind", "number", "issued_on", "issuing_body", "signer", "subject")}
            document = directive_create(owner=unit, document_data=data, upload=form.cleaned_data["file"],
                                        tasks=[r.task_input(agencies, communes) for r in filled], actor=request.user)
        except ValidationError as exc:
            cache.delete(key)
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu văn bản và %(n)s nhiệm vụ.") % {"n": len(filled)})
            return redirect("directives:document_detail", document.pk)
    if adding_rows:  # more rows asked, nothing saved: the page comes back with what was typed, without errors
        for f in (form, *rows):
            f.errors.clear()
    return _directive_new_page(request, form, rows, count, token, unit)


def _directive_new_page(request, form, rows, count, token, unit):
    return TemplateResponse(request, "directives/directive_new.html", {
        "form": form, "rows": rows, "count": count, "more": min(count + 5, MAX_TASK_ROWS), "token": token,
        "unit": unit})


@login_required
@require_GET
def document_detail(request, document_id):
    document = access.directive_document_for(request.user, document_id)
    scope = access.scope_of(request.user)
    from ..models import Task

    tasks = list(Task.objects.filter(access.directive_tasks_q(scope), document=document)
                 .select_related("lead_agency", "lead_commune").prefetch_related("deadlines", "co_agencies"))
    return TemplateResponse(request, "directives/document_detail.html", {
        "document": document, "tasks": tasks, "version": document.current_version, "today": timezone.localdate(),
        "can_manage": scope.can_coordinate(document.owner_id)})


@login_required
@require_http_methods(["GET", "POST"])
def task_add(request, document_id):
    """The office adds a point to a document already entered."""
    document = access.directive_document_for(request.user, document_id)
    access.require_coordinator(request.user, document.owner_id)
    unit = document.owner
    (row,) = _row_forms(request, unit, 1)
    if request.method == "POST" and row.is_valid():
        if row.is_blank:
            row.add_error("text", _("Chưa nhập nội dung nhiệm vụ."))
        else:
            lead = row.cleaned_data.get("lead") or ""
            agencies = Agency.objects.in_bulk([int(lead[1:])] * lead.startswith("a") + [
                int(pk) for pk in row.cleaned_data.get("co_agencies") or []])
            communes = communes_coordinated(unit).in_bulk([int(lead[1:])] * lead.startswith("c"))
            try:
                task_create(document=document, owner=unit, data=row.task_input(agencies, communes),
                            actor=request.user, position=document.directive_tasks.count() + 1)
            except ValidationError as exc:
                row.add_error(None, exc)
            else:
                messages.success(request, _("Đã thêm nhiệm vụ."))
                return redirect("directives:document_detail", document.pk)
    return TemplateResponse(request, "directives/task_add.html", {"document": document, "row": row})


@login_required
@require_GET
def document_file(request, document_id):
    document = access.directive_document_for(request.user, document_id)
    version = document.current_version
    if version is None or not version.file:
        raise Http404
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return no_store(FileResponse(handle, content_type="application/pdf", filename=version.filename or "van-ban.pdf"))


@login_required
@require_GET
def task_detail(request, dtask_id):
    task = access.directive_task_for(request.user, dtask_id)
    scope = access.scope_of(request.user)
    return TemplateResponse(request, "directives/task_detail.html", {
        "task": task, "deadlines": selectors.task_history(task), "today": timezone.localdate(),
        "co_agencies": list(task.co_agencies.all()), "can_report": access.may_report_on_task(scope, task),
        "can_extend": scope.can_coordinate(task.owner_id)})


@login_required
@require_http_methods(["GET", "POST"])
def deadline_report(request, deadline_id):
    deadline = access.directive_deadline_for(request.user, deadline_id, report=True)
    form = ProgressForm(request.POST or None, request.FILES or None,
                        initial={"state": deadline.state, "submit_token": secrets.token_hex(16)})
    if deadline.task.expected != ExpectedResult.EVENTS:
        del form.fields["events_done"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                progress_report(deadline=deadline, state=data["state"], text=data["text"], reason=data["reason"],
                                events_done=data.get("events_done"), uploads=request.FILES.getlist("files"),
                                submit_token=data["submit_token"], actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã gửi báo cáo tiến độ."))
            return redirect(deadline.task)
    return TemplateResponse(request, "directives/deadline_report.html", {
        "deadline": deadline, "task": deadline.task, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def deadline_extend_view(request, deadline_id):
    deadline = access.directive_deadline_for(request.user, deadline_id, extend=True)
    form = ExtendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            deadline_extend(deadline=deadline, new_due_on=form.cleaned_data["new_due_on"],
                            reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã gia hạn nhiệm vụ."))
            return redirect(deadline.task)
    return TemplateResponse(request, "directives/deadline_extend.html", {
        "deadline": deadline, "task": deadline.task, "form": form})


@login_required
@require_GET
def progress_file(request, file_id):
    attached = access.progress_file_for(request.user, file_id)
    try:
        handle = attached.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return no_store(FileResponse(handle, as_attachment=True, filename=attached.original_name))


@login_required
@require_GET
def followup(request, kind):
    """The follow-up report of the current half-month, as the office will send it on the 16th or the 30th."""
    unit = access.directives_board_unit(request.user)
    if unit is None or kind not in ("pdf", "xlsx"):
        raise Http404
    start, end = current_period(timezone.localdate())
    data = selectors.followup_data(unit=unit, period_start=start, period_end=end)
    stem = followup_out.file_stem(data)
    if kind == "xlsx":
        return xlsx_response(followup_out.followup_xlsx(data), filename=f"{stem}.xlsx")
    return download_response(followup_out.followup_pdf(data), filename=f"{stem}.pdf", content_type="application/pdf")


