"""Weekly plan pages (tasks per village, copy last week, print) and the task-type catalogue."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from directory.models import Village
from ntm_portal.access import commune_day_for, commune_work_for, require_coordinator
from ntm_portal.collation import vi

from ..forms.reports import PlanNoteForm, PlanTaskForm, TaskTypeForm
from ..models import Task, TaskType, WeeklyPlan
from ..selectors import reports as selectors
from ..services import plans as services


def _grouped(tasks):
    return [(village, list(items)) for village, items in groupby(tasks, key=lambda t: t.village)]


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, commune_id, action_day_id):
    commune, day = commune_day_for(request.user, commune_id, action_day_id, write=True)
    plan = WeeklyPlan.objects.filter(commune=commune, action_day=day).first()
    villages = Village.objects.current(day.date).filter(parent=commune).order_by(vi("name"))
    agencies = selectors.supporting_agency_choices(commune=commune, day=day.date)
    which = request.POST.get("form") if request.method == "POST" else None
    form = PlanTaskForm(request.POST if which == "task" else None, villages=villages, agencies=agencies)
    note_form = PlanNoteForm(request.POST if which == "note" else None, initial={"note": plan.note if plan else ""})
    if which == "task" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_task_add(commune=commune, action_day=day, actor=request.user, village=data["village"],
                                   task_type=data["task_type"], quantity=data["quantity"], place=data["place"],
                                   tools=data["tools"], expected_participants=data["expected_participants"] or 0,
                                   supporting_agencies=list(data["supporting_agencies"]))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã thêm phần việc cho %(village)s.") % {"village": data["village"].name})
            return redirect("campaigns:plan_edit", commune.pk, day.pk)
    if which == "note" and note_form.is_valid():
        services.plan_note_set(commune=commune, action_day=day, actor=request.user,
                               note=note_form.cleaned_data["note"])
        messages.success(request, _("Đã lưu nội dung chung của kế hoạch."))
        return redirect("campaigns:plan_edit", commune.pk, day.pk)
    return TemplateResponse(request, "campaigns/plan_edit.html", {
        "commune": commune, "day": day, "plan": plan, "form": form, "note_form": note_form,
        "groups": _grouped(selectors.plan_tasks(plan)),
        "previous": selectors.previous_plan(commune=commune, action_day=day),
    })


@login_required
@require_POST
def plan_copy(request, commune_id, action_day_id):
    commune, day = commune_day_for(request.user, commune_id, action_day_id, write=True)
    try:
        count = services.plan_copy_last_week(commune=commune, action_day=day, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã sao chép %(n)s phần việc từ kế hoạch tuần trước.") % {"n": count})
    return redirect("campaigns:plan_edit", commune.pk, day.pk)


@login_required
@require_POST
def plan_task_delete(request, task_id):
    task = Task.objects.select_related("plan").filter(pk=task_id).first()
    if task is None:
        raise Http404
    commune = commune_work_for(request.user, task.plan.commune_id, write=True)
    services.plan_task_delete(task=task, actor=request.user)
    messages.success(request, _("Đã xóa phần việc."))
    return redirect("campaigns:plan_edit", commune.pk, task.plan.action_day_id)


@login_required
@require_GET
def plan_print(request, commune_id, action_day_id):
    commune, day = commune_day_for(request.user, commune_id, action_day_id)
    plan = WeeklyPlan.objects.filter(commune=commune, action_day=day).first()
    tasks = selectors.plan_tasks(plan)
    return TemplateResponse(request, "campaigns/plan_print.html", {
        "commune": commune, "day": day, "plan": plan, "groups": _grouped(tasks),
        "participants": sum(t.expected_participants for t in tasks),
    })


@login_required
@require_http_methods(["GET", "POST"])
def task_type_list(request):
    require_coordinator(request.user)
    form = TaskTypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            task_type = services.task_type_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã thêm loại phần việc “%(name)s”.") % {"name": task_type.name})
            return redirect("campaigns:task_type_list")
    return TemplateResponse(request, "campaigns/plan_task_types.html",
                            {"task_types": TaskType.objects.all(), "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def task_type_edit(request, task_type_id):
    require_coordinator(request.user)
    task_type = TaskType.objects.filter(pk=task_type_id).first()
    if task_type is None:
        raise Http404
    form = TaskTypeForm(request.POST or None, instance=task_type)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_type_update(task_type=task_type, actor=request.user,
                                      **{k: form.cleaned_data[k] for k in form.changed_data})
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu loại phần việc."))
            return redirect("campaigns:task_type_list")
    return TemplateResponse(request, "campaigns/plan_task_type_form.html", {"form": form, "task_type": task_type})


@login_required
@require_GET
def plan_pdf(request, commune_id, action_day_id):
    """The weekly plan as a KẾ HOẠCH of the commune (Nghị định 30/2020/NĐ-CP), ready to number and sign."""
    from directory.models import DocumentKind
    from ntm_portal.documents import document_for, render_document

    commune, day = commune_day_for(request.user, commune_id, action_day_id)
    plan = WeeklyPlan.objects.filter(commune=commune, action_day=day).first()
    tasks = selectors.plan_tasks(plan)
    doc = document_for(unit=commune, kind=DocumentKind.PLAN, subject=_(
        "Ra quân “%(programme)s” ngày %(date)s") % {"programme": day.programme.name,
                                                   "date": day.date.strftime("%d/%m/%Y")})
    doc.add_appendix("tasks", _("Phần việc của các thôn, tổ dân phố"),
                     _("(Ngày ra quân %(d)s)") % {"d": day.date.strftime("%d/%m/%Y")})
    pdf = render_document("campaigns/pdf/plan.html", {
        "doc": doc, "ap": doc.appendices, "commune": commune, "day": day, "plan": plan, "groups": _grouped(tasks),
        "participants": sum(t.expected_participants for t in tasks), "villages": len({t.village_id for t in tasks}),
    })
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ke-hoach-{day.date:%Y-%m-%d}-{commune.pk}.pdf"'
    return response
