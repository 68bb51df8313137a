"""Issue 15, "Done when": the district demo, then the 2025 merger file applied with the district's
roles handed to the province; the same portal then runs for the province's office and its 7 communes.

The demo is seeded as it stood on Monday 30/06/2025 (the district's last day), the merger applied,
and two Saturdays after it filed by the new communes. Then, on Monday 14/07/2025:
- the users of a merged commune see all its villages;
- the 52-week trend of the coordinator's dashboard runs on across 01/07/2025;
- the roll-up of the province's office builds (command and Monday job) and reads "tỉnh"/"xã";
- a commune is assessed against QĐ 51 with its group's target.
"""

import datetime
import io
import zoneinfo
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from campaigns.demo import seed_rosters
from campaigns.demo_reports import seed_reports
from campaigns.models import ActionDay, DayReport, Programme
from criteria import services as criteria_services
from criteria.loaders import load_commune_groups, load_shipped_sets, load_targets
from criteria.models import CriteriaSet, IndicatorResult
from directory.demo import seed_directory
from directory.models import AdministrativeUnit, Agency, Commune, Village
from directory.selectors import villages_of
from ntm_portal.access import district_of_scope, scope_of
from reporting.models import RollUp
from reporting.services import rollups_due
from reporting.tasks import rollup_run
from tests.pdf_checks import pages_text
from tests.reporting.conftest import file_report

pytestmark = pytest.mark.django_db
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
LAST_DISTRICT_DAY = datetime.date(2025, 6, 30)
AFTER = [datetime.date(2025, 7, 5), datetime.date(2025, 7, 12)]
MONDAY = datetime.datetime(2025, 7, 14, 8, 0, tzinfo=VN)


@pytest.fixture
def merged_demo(district, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with time_machine.travel(datetime.datetime(2025, 6, 30, 12, 0, tzinfo=VN), tick=False):
        seed_directory()
        seed_rosters(today=LAST_DISTRICT_DAY)
        seed_reports(today=LAST_DISTRICT_DAY)
    programme = Programme.objects.get(owner=district)
    before = sorted(programme.action_days.filter(date__lte=LAST_DISTRICT_DAY, day_reports__isnull=False)
                    .values_list("date", flat=True).distinct())
    call_command("merge_communes", district_roles_to_province=True, verbosity=0)
    province = AdministrativeUnit.objects.get(level="province", code="68")
    new = list(Commune.objects.current(AFTER[0]).filter(parent=province).order_by("code"))
    programme.refresh_from_db()
    days = {d: ActionDay.objects.get_or_create(programme=programme, date=d)[0] for d in AFTER}
    for n, day in enumerate(AFTER):
        for i, commune in enumerate(new):
            file_report(commune, days[day], seed=500 + 10 * n + i)
    return {"district": district, "province": province, "programme": programme, "new": new, "days": days,
            "before": before}


def test_the_province_office_runs_the_programme_for_the_new_communes(merged_demo, client):
    province, programme = merged_demo["province"], merged_demo["programme"]
    assert programme.owner == province  # the programme went on with the province's office
    assert len(merged_demo["new"]) == 7 and merged_demo["before"], "the demo filed weeks before the merger"
    User = get_user_model()

    # Users of a merged commune see all its villages: the demo's officer of Hòa Ninh.
    officer = User.objects.get(username="xa.hoaninh")
    hoa_ninh = Commune.objects.current(AFTER[0]).get(code="25036")
    scope = scope_of(officer)
    assert scope.can_write_commune(hoa_ninh)
    merged_villages = set(Village.objects.current(AFTER[0]).filter(moves__from_parent__code__in=["25024", "25039",
                                                                                                 "25036"]))
    assert len(merged_villages) > 10
    assert set(villages_of([hoa_ninh.pk])) == merged_villages
    client.force_login(officer)
    page = client.get(reverse("directory:commune_detail", args=[hoa_ninh.pk])).content.decode()
    assert all(v.name in page for v in merged_villages)

    # The coordinator now works for the province's office.
    coordinator = User.objects.get(username="dieuphoi")
    assert district_of_scope(scope_of(coordinator)) == province
    client.force_login(coordinator)
    with time_machine.travel(MONDAY, tick=False):
        response = client.get(reverse("dashboards:district"), {"so_tuan": "52"})
        home = client.get(reverse("home")).content.decode()
    assert response.status_code == 200
    board = response.context["board"]
    trend = {p.day: p for p in board.trend}
    days = sorted(trend)
    # Continuous: every Saturday from the first to the last one shown, across 01/07/2025.
    assert days[0] < datetime.date(2025, 7, 1) < days[-1]
    assert all((b - a).days == 7 for a, b in zip(days, days[1:], strict=False)) or _only_cancelled_gaps(days)
    for day in merged_demo["before"][-4:]:
        assert trend[day].totals.units == 19 and trend[day].totals.villages_reported > 0
        assert trend[day].participation_rate is not None
    for day in AFTER:
        assert trend[day].totals.units == 7 and trend[day].totals.filed == 7
        assert trend[day].totals.villages_reported == 183
    assert sorted(r.figures.commune_code for r in board.communes) == sorted(c.code for c in merged_demo["new"])
    assert "Toàn tỉnh Lâm Đồng" in home and "Toàn huyện" not in home

    # The district's roll-ups of the weeks before stay in the office's list of weekly reports.
    last_district_day = programme.action_days.get(date=merged_demo["before"][-1])
    RollUp.objects.create(district=merged_demo["district"], action_day=last_district_day,
                          status=RollUp.Status.READY)
    client.force_login(coordinator)  # the session of 14/07/2025 has expired by now
    response = client.get(reverse("reporting:rollup_list"))
    assert response.status_code == 200, response.status_code
    listing = response.content.decode()
    assert last_district_day.date.strftime("%d/%m/%Y") in listing


def _only_cancelled_gaps(days):
    gaps = [(a, b) for a, b in zip(days, days[1:], strict=False) if (b - a).days != 7]
    cancelled = set(ActionDay.objects.filter(status=ActionDay.Status.CANCELLED).values_list("date", flat=True))
    return all(all(a + datetime.timedelta(weeks=k) in cancelled for k in range(1, (b - a).days // 7))
               for a, b in gaps)


def _words(rollup: RollUp) -> str:
    """The PDF's and the workbook's text, less the names of the former district's bodies: data that
    still answer open proposals of the former communes ("Văn phòng Huyện ủy"), not the document's words."""
    pdf = " ".join(pages_text(Path(rollup.pdf.path).read_bytes()))
    book = openpyxl.load_workbook(io.BytesIO(Path(rollup.xlsx.path).read_bytes()), read_only=True)
    cells = " ".join(str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row
                     if c is not None)
    text = " ".join((pdf + "\n" + cells).split())
    for name in sorted(Agency.objects.filter(owner__level="district").values_list("name", flat=True), key=len,
                       reverse=True):
        text = text.replace(name, "")
    return text


def test_the_roll_up_of_the_province_office_builds_and_reads_province_and_commune(merged_demo, capsys):
    province, days = merged_demo["province"], merged_demo["days"]
    # The Monday job builds the last Saturday's roll-up for the province's office (eager Celery here).
    with time_machine.travel(MONDAY, tick=False):
        ids = rollups_due(now=MONDAY)
        assert len(ids) == 1
        assert rollup_run(ids[0], send=False) == "built"
    job = RollUp.objects.get(pk=ids[0])
    assert (job.district, job.action_day) == (province, days[AFTER[-1]])
    assert job.is_ready and job.trigger == RollUp.Trigger.SCHEDULE
    assert "huyện" not in _words(job).lower()

    # The command, by the province's code, for the Saturday before.
    call_command("build_rollup", unit="68", date=AFTER[0].isoformat())
    rollup = RollUp.objects.get(action_day=days[AFTER[0]])
    assert rollup.district == province and rollup.is_ready
    printed = capsys.readouterr().out.split()
    assert printed == [str(Path(rollup.pdf.path).resolve()), str(Path(rollup.xlsx.path).resolve())]
    text = _words(rollup)
    assert "TỈNH LÂM ĐỒNG" in text and "tỉnh Lâm Đồng" in text
    assert "7 xã" in text and "Xã Hòa Ninh" in text
    assert "huyện" not in text.lower(), [w for w in text.split(".") if "huyện" in w.lower()]


def test_build_rollup_names_what_it_cannot_find(merged_demo):
    with pytest.raises(Exception, match="Không có đơn vị điều phối mã 99"):
        call_command("build_rollup", unit="99", date=AFTER[0].isoformat())
    with pytest.raises(Exception, match="Tỉnh Lâm Đồng: không có ngày ra quân 06/07/2025"):
        call_command("build_rollup", unit="68", date="2025-07-06")


def test_a_former_commune_files_its_pre_merger_day_with_the_villages_it_had(merged_demo):
    hoa_trung = Commune.objects.get(code="25039", valid_to=datetime.date(2025, 6, 30))
    programme = merged_demo["programme"]
    day = programme.action_days.filter(date__lte=LAST_DISTRICT_DAY).exclude(day_reports__commune=hoa_trung) \
        .exclude(status=ActionDay.Status.CANCELLED).order_by("-date").first()
    assert day is not None
    from campaigns.services.reports import day_report_open
    from directory.services import coordinating_unit_of

    assert coordinating_unit_of(hoa_trung) == merged_demo["province"]
    officer = get_user_model().objects.get(username="xa.hoatrung")
    report = day_report_open(commune=hoa_trung, action_day=day, actor=officer)
    had = set(Village.objects.filter(moves__from_parent=hoa_trung).values_list("pk", flat=True))
    assert had and set(report.village_results.values_list("village_id", flat=True)) == had
    assert DayReport.objects.filter(commune=hoa_trung, action_day=day).count() == 1


def test_a_merged_commune_is_assessed_against_qd51_with_its_groups_target(merged_demo, tmp_path):
    load_shipped_sets()
    qd51 = CriteriaSet.objects.get(code="QD51-XA")
    province = merged_demo["province"]
    coordinator = get_user_model().objects.get(username="dieuphoi")
    hoa_ninh = Commune.objects.current(AFTER[0]).get(code="25036")
    indicator = criteria_services.indicator_save(
        criteria_set=qd51, criterion=qd51.criteria.get(number=2), code="2.1", name="Tỷ lệ đường xã được cứng hóa",
        unit_label="%", kind="numeric", actor=coordinator)
    groups = tmp_path / "nhom.csv"
    groups.write_text("commune_code,group,valid_from,decision\n25036,2,15/02/2026,QĐ 100/QĐ-UBND\n", encoding="utf-8")
    load_commune_groups(path=groups, actor=coordinator)
    targets = tmp_path / "muc.csv"
    targets.write_text("indicator,group,target,margin\n2.1,,90,10\n2.1,2,80,5\n", encoding="utf-8")
    load_targets(path=targets, criteria_set=qd51, unit=province, actor=coordinator)
    assessment = criteria_services.assessment_create(criteria_set=qd51, unit=hoa_ninh,
                                                     as_of=datetime.date(2026, 3, 2), actor=coordinator)
    assert assessment.district == province
    criteria_services.assessment_results_save(
        assessment=assessment, actor=coordinator,
        entries=[criteria_services.ResultInput(indicator=indicator, value=Decimal("82"))])
    result = IndicatorResult.objects.get(assessment=assessment, indicator=indicator)
    assert (result.status, result.target_value) == ("met", Decimal("80.00"))  # group 2's target, not 90
