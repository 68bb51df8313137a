import datetime

import pytest

from directives.demo import DEMO_NUMBER, seed_directives
from directives.models import Task, TaskDeadline, TaskExtension, TaskState
from directives.selectors.tasks import board
from directory.demo import seed_directory
from directory.models import District
from library.models import Document

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 30)


def test_seed_002_as_one_conclusion_with_progress_some_overdue_some_done():
    seed_directory()
    result = seed_directives(today=TODAY)
    document = Document.objects.get(number=DEMO_NUMBER)
    assert (result.documents, result.tasks) == (1, 13) and result.reports >= 9
    assert document.current_version.file.read(5) == b"%PDF-"
    points = list(Task.objects.filter(document=document).order_by("position").values_list("point", flat=True))
    assert points[:2] == ["1", "2"] and points[-1] == "10" and len(set(points)) == 13
    rows, units = board(unit=District.objects.get(code="679"), today=TODAY)
    overdue = {r.task.point for r in rows if r.overdue}
    done = {r.task.point for r in rows if r.deadline.state == TaskState.DONE}
    assert {"2b", "7"} <= overdue and {"2", "2a", "5", "6", "9"} <= done
    assert Task.objects.get(document=document, point="7").lead_agency.name == "Phòng Tài chính - Kế hoạch"
    assert TaskExtension.objects.filter(deadline__task__point="8").count() == 1
    assert TaskDeadline.objects.filter(task__point="6a").count() == 3
    again = seed_directives(today=TODAY)
    assert (again.documents, again.tasks, again.reports) == (0, 0, 0)
    assert Document.objects.filter(number=DEMO_NUMBER).count() == 1
