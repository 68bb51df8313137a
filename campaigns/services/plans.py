"""Writes of the task-type catalogue and of weekly plans (tasks per village, copy last week)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from directory.models import AdministrativeUnit, Agency
from directory.services import district_of
from ntm_portal import limits
from ntm_portal.audit import audit_record, snapshot
from ntm_portal.limits import check_length
from ntm_portal.text import fold

from ..models import ActionDay, Task, TaskType, WeeklyPlan
from ..selectors.reports import previous_plan
from ..task_types import seed_task_types

# --- task types --------------------------------------------------------------------------------

@transaction.atomic
def task_type_seed_defaults(*, actor=None) -> int:
    """Add the common jobs that are missing from the catalogue (idempotent)."""
    created = seed_task_types(TaskType)
    if created:
        audit_record(actor=actor, action="task_type.seed", note=f"{created} loại phần việc")
    return created


@transaction.atomic
def task_type_create(*, actor, name: str, unit: str, is_waste: bool = False, order: int = 100,
                     is_active: bool = True) -> TaskType:
    name, unit = " ".join(name.split()), unit.strip()
    if not name or not unit:
        raise ValidationError(_("Cần nhập tên phần việc và đơn vị tính."), code="required")
    if TaskType.objects.filter(name__iexact=name).exists():
        raise ValidationError(_("Đã có loại phần việc “%(name)s”.") % {"name": name}, code="duplicate")
    base = slugify(fold(name))[:34] or "phan-viec"
    code, n = base, 1
    while TaskType.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    task_type = TaskType.objects.create(code=code, name=name, unit=unit, is_waste=is_waste, order=order,
                                        is_active=is_active)
    audit_record(actor=actor, action="task_type.create", target=task_type, after=snapshot(task_type))
    return task_type


@transaction.atomic
def task_type_update(*, task_type: TaskType, actor, **fields) -> TaskType:
    task_type = TaskType.objects.select_for_update().get(pk=task_type.pk)
    before = snapshot(task_type)
    if "name" in fields:
        fields["name"] = " ".join(fields["name"].split())
        if TaskType.objects.filter(name__iexact=fields["name"]).exclude(pk=task_type.pk).exists():
            raise ValidationError(_("Đã có loại phần việc “%(name)s”.") % {"name": fields["name"]}, code="duplicate")
    for key, value in fields.items():
        setattr(task_type, key, value)
    if fields:
        task_type.save(update_fields=list(fields))
        audit_record(actor=actor, action="task_type.update", target=task_type, before=before,
                     after=snapshot(task_type))
    return task_type


# --- weekly plans ------------------------------------------------------------------------------

def _plan_get_or_create(*, commune: AdministrativeUnit, action_day: ActionDay, actor) -> WeeklyPlan:
    plan, _created = WeeklyPlan.objects.get_or_create(
        commune=commune, action_day=action_day, defaults={"created_by": actor if actor.is_authenticated else None}
    )
    return plan


@transaction.atomic
def plan_task_add(
    *, commune: AdministrativeUnit, action_day: ActionDay, actor, village: AdministrativeUnit,
    task_type: TaskType, quantity: Decimal, place: str = "", tools: str = "", expected_participants: int = 0,
    supporting_agencies: list[Agency] | tuple = (),
) -> Task:
    if village.parent_id != commune.pk:
        from directory.selectors import villages_on_q

        # A former commune planning a day before a merger: its villages of that day.
        if not villages_on_q([commune.pk], action_day.date).filter(pk=village.pk).exists():
            raise ValidationError(_("Thôn không thuộc xã này."), code="village")
    if quantity is None or quantity < 0:
        raise ValidationError(_("Khối lượng dự kiến không được âm."), code="negative")
    if expected_participants is not None and expected_participants < 0:
        raise ValidationError(_("Số người dự kiến không được âm."), code="negative")
    plan = _plan_get_or_create(commune=commune, action_day=action_day, actor=actor)
    task = Task.objects.create(plan=plan, village=village, task_type=task_type, quantity=quantity, place=place,
                               tools=tools, expected_participants=expected_participants or 0)
    if supporting_agencies:
        task.supporting_agencies.set(supporting_agencies)
    audit_record(actor=actor, action="plan.task_add", target=plan,
                 after={**snapshot(task), "supporting_agencies": [a.pk for a in supporting_agencies]},
                 unit=district_of(commune))
    return task


@transaction.atomic
def plan_task_delete(*, task: Task, actor) -> None:
    plan = task.plan
    before = snapshot(task)
    task.delete()
    audit_record(actor=actor, action="plan.task_delete", target=plan, before=before,
                 unit=district_of(plan.commune))


@transaction.atomic
def plan_note_set(*, commune: AdministrativeUnit, action_day: ActionDay, actor, note: str) -> WeeklyPlan:
    plan = _plan_get_or_create(commune=commune, action_day=action_day, actor=actor)
    before = snapshot(plan, ["note"])
    plan.note = check_length(note.strip(), limits.NOTE, _("Nội dung chung của kế hoạch"))
    plan.save(update_fields=["note", "updated_at"])
    audit_record(actor=actor, action="plan.note", target=plan, before=before, after=snapshot(plan, ["note"]),
                 unit=district_of(commune))
    return plan


@transaction.atomic
def plan_copy_last_week(*, commune: AdministrativeUnit, action_day: ActionDay, actor) -> int:
    """Copy the tasks of the latest earlier plan into this week's (added to what is there).

    Supporting agencies are copied only if still assigned to the commune; villages no longer
    current are skipped. Returns the number of tasks copied.
    """
    source = previous_plan(commune=commune, action_day=action_day)
    if source is None:
        raise ValidationError(_("Chưa có kế hoạch tuần trước để sao chép."), code="no_previous")
    plan = _plan_get_or_create(commune=commune, action_day=action_day, actor=actor)
    from directory.models import Assignment
    from directory.selectors import villages_on_q

    current_villages = set(villages_on_q([commune.pk], action_day.date).values_list("pk", flat=True))
    assigned = set(Assignment.objects.open_on(action_day.date).filter(commune=commune)
                   .values_list("agency_id", flat=True))
    tasks = list(source.tasks.prefetch_related("supporting_agencies"))
    copies = [Task(plan=plan, village_id=t.village_id, task_type_id=t.task_type_id, quantity=t.quantity,
                   place=t.place, tools=t.tools, expected_participants=t.expected_participants)
              for t in tasks if t.village_id in current_villages]
    Task.objects.bulk_create(copies)
    through = Task.supporting_agencies.through
    links = []
    originals = [t for t in tasks if t.village_id in current_villages]
    for original, copy in zip(originals, copies, strict=True):
        links += [through(task_id=copy.pk, agency_id=a.pk) for a in original.supporting_agencies.all()
                  if a.pk in assigned]
    through.objects.bulk_create(links)
    audit_record(actor=actor, action="plan.copy", target=plan, after={"from": source.pk, "tasks": len(copies)},
                 unit=district_of(commune))
    return len(copies)
