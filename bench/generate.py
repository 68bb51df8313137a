"""Data generator for the benchmarks: a district (or a province of districts) with two years of weeks.

District scale: the real Di Linh territory (19 communes, 183 villages), 100 agencies with 30 staff
each assigned to one or two communes, 104 weekly action days, and for every day: a day report per
commune (about 90 % filed, some late, some drafts), one result per village with 2–3 task results,
a roster per agency × commune with 2–4 people and their attendance. Province scale adds nine
synthetic districts of the same size (10 in all). Everything is written with bulk_create.
National scale (PostgreSQL only, bench/national.py): 34 provinces × 5 districts × 19–20 communes ×
21 villages (≈3,300 communes, ≈70,000 villages) with the same weekly data and half-yearly criteria
assessments, written with COPY.

    .venv/bin/python bench/generate.py [--scale district|province|national] [--weeks 104]
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/ntm_bench_national \
        .venv/bin/python bench/generate.py --scale national [--provinces 34]

The database is BENCH_DATABASE_URL, else DATABASE_URL, else the SQLite file var/bench-rollup.sqlite3.
To protect real data it refuses a database whose name does not contain "bench" (use --force).
"""

from __future__ import annotations

import argparse
import datetime
import os
import pathlib
import random
import sys
import time
from decimal import Decimal

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DB = ROOT / "var" / "bench-rollup.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings.test")
os.environ["DATABASE_URL"] = (os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
                              or f"sqlite:///{DEFAULT_DB}")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AGENCIES, STAFF, WEEKS = 100, 30, 104
BATCH = 5000


def setup(force: bool) -> None:
    import django

    DEFAULT_DB.parent.mkdir(parents=True, exist_ok=True)
    django.setup()
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if "bench" not in name and not force:
        sys.exit(f"refusing to write into {name!r}: its name does not contain 'bench' (use --force)")


def last_saturday(today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=(today.weekday() - 5) % 7 or 7)


def make_districts(n: int):
    """The real Di Linh, plus n-1 synthetic districts of the same shape under the same province."""
    from django.core.management import call_command

    from directory.models import AdministrativeUnit, District, HouseholdCount, UnitLevel

    call_command("load_territory", verbosity=0, as_of="2023-01-01")
    di_linh = District.objects.get(code="679")
    districts = [di_linh]
    shape = [(c, list(AdministrativeUnit.objects.filter(parent=c).order_by("pk")))
             for c in AdministrativeUnit.objects.filter(parent=di_linh).order_by("code")]
    for i in range(1, n):
        code = f"B{i:02d}"
        d = District.objects.filter(code=code).first()
        if d is None:
            d = District.objects.create(level=UnitLevel.DISTRICT, kind="huyen", code=code, name=f"Thử Nghiệm {i}",
                                        parent_id=di_linh.parent_id)
            communes = AdministrativeUnit.objects.bulk_create([
                AdministrativeUnit(level=UnitLevel.COMMUNE, kind=c.kind, code=f"{code}{j:03d}", name=f"{c.name} {i}",
                                   parent=d) for j, (c, _v) in enumerate(shape)])
            villages = AdministrativeUnit.objects.bulk_create([
                AdministrativeUnit(level=UnitLevel.VILLAGE, kind=v.kind, name=v.name, parent=nc)
                for nc, (_c, vs) in zip(communes, shape, strict=True) for v in vs], batch_size=BATCH)
            HouseholdCount.objects.bulk_create([
                HouseholdCount(village=v, as_of=datetime.date(2023, 1, 1), households=random.randint(80, 260))
                for v in villages], batch_size=BATCH)
        districts.append(d)
    return districts


def fill_district(district, weeks: int, rnd: random.Random) -> dict:
    from django.utils import timezone

    from campaigns.models import (
        ActionDay,
        Attendance,
        DayReport,
        Programme,
        Roster,
        RosterEntry,
        TaskResult,
        TaskType,
        VillageResult,
    )
    from campaigns.task_types import seed_task_types
    from directory.models import Agency, AgencyKind, Assignment, Commune, Person, Village
    from directory.selectors import latest_households

    counts = dict.fromkeys(["days", "reports", "village_results", "task_results", "rosters", "entries"], 0)
    if Programme.objects.filter(owner=district).exists():
        return counts  # already generated
    seed_task_types(TaskType)
    types = list(TaskType.objects.filter(is_active=True).order_by("order"))
    communes = list(Commune.objects.filter(parent=district).order_by("code"))
    villages = {c.pk: list(Village.objects.filter(parent=c).annotate(h=latest_households()).order_by("pk"))
                for c in communes}
    start = datetime.date(2023, 1, 1)
    agencies = Agency.objects.bulk_create([
        Agency(owner=district, name=f"Cơ quan thử nghiệm {i:03d} – {district.name}", kind=rnd.choice(AgencyKind.values))
        for i in range(AGENCIES)])
    people = Person.objects.bulk_create([
        Person(agency=a, full_name=f"Nguyễn Văn Cán Bộ {a.pk}-{j}", name_folded=f"nguyen van can bo {a.pk}-{j}")
        for a in agencies for j in range(STAFF)], batch_size=BATCH)
    staff = {}
    for p in people:
        staff.setdefault(p.agency_id, []).append(p)
    assignments = []
    for a in agencies:
        for c in rnd.sample(communes, rnd.choice([1, 1, 2])):
            assignments.append(Assignment(agency=a, commune=c, valid_from=start))
    Assignment.objects.bulk_create(assignments)
    programme = Programme.objects.create(owner=district, started_on=start)
    last = last_saturday(timezone.localdate())
    days = ActionDay.objects.bulk_create([
        ActionDay(programme=programme, date=last - datetime.timedelta(weeks=w), status=ActionDay.Status.CLOSED)
        for w in range(weeks)])
    counts["days"] = len(days)
    now = timezone.now()
    for day in days:
        reports = []
        for c in communes:
            roll = rnd.random()
            status = (DayReport.Status.ACCEPTED if roll < 0.5 else DayReport.Status.SUBMITTED if roll < 0.9
                      else DayReport.Status.DRAFT)
            filed = status != DayReport.Status.DRAFT
            reports.append(DayReport(commune=c, action_day=day, status=status, is_late=filed and rnd.random() < 0.1,
                                     first_submitted_at=now if filed else None, submitted_at=now if filed else None))
        reports = DayReport.objects.bulk_create(reports)
        results = []
        for r in reports:
            for v in villages[r.commune_id]:
                total = v.h or 150
                households = rnd.randint(total // 5, total)
                results.append(VillageResult(
                    report=r, village=v, households_total=total, households=households,
                    residents=households + rnd.randint(0, 80), commune_staff=rnd.randint(0, 8),
                    teachers=rnd.randint(0, 5), students=rnd.randint(0, 40),
                    waste_kg=Decimal(rnd.randint(0, 2000)) / 2, waste_m3=Decimal(rnd.randint(0, 60)) / 4,
                    remarks="Ra quân dọn vệ sinh đường thôn, phát quang bụi rậm." if rnd.random() < 0.3 else ""))
        results = VillageResult.objects.bulk_create(results, batch_size=BATCH)
        tasks = [TaskResult(village_result=vr, task_type=t, quantity=Decimal(rnd.randint(1, 3000)))
                 for vr in results for t in rnd.sample(types, rnd.choice([2, 3]))]
        TaskResult.objects.bulk_create(tasks, batch_size=BATCH)
        rosters, entries = [], []
        for a in assignments:
            n = rnd.choice([0, 2, 3, 3, 4]) if rnd.random() > 0.08 else None  # None: no roster at all
            if n is None:
                continue
            rosters.append(Roster(agency_id=a.agency_id, commune_id=a.commune_id, action_day=day, submitted_at=now,
                                  updated_at=now, is_late=rnd.random() < 0.15, entry_count=n))
        rosters = Roster.objects.bulk_create(rosters, batch_size=BATCH)
        used: dict[int, int] = {}
        for r in rosters:
            offset = used.get(r.agency_id, 0)
            for p in staff[r.agency_id][offset:offset + r.entry_count]:
                mark = rnd.choice([Attendance.PRESENT] * 5 + [Attendance.ABSENT])
                entries.append(RosterEntry(roster=r, action_day=day, person=p, full_name=p.full_name,
                                           village=rnd.choice(villages[r.commune_id]), attendance=mark,
                                           absence_reason="Bận công tác" if mark == Attendance.ABSENT else ""))
            used[r.agency_id] = offset + r.entry_count
        RosterEntry.objects.bulk_create(entries, batch_size=BATCH)
        counts["reports"] += len(reports)
        counts["village_results"] += len(results)
        counts["task_results"] += len(tasks)
        counts["rosters"] += len(rosters)
        counts["entries"] += len(entries)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["district", "province", "national"], default="district")
    parser.add_argument("--provinces", type=int, default=34, help="national scale: how many provinces")
    parser.add_argument("--weeks", type=int, default=WEEKS)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    setup(args.force)
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    rnd = random.Random(679)
    if args.scale == "national":
        sys.path.insert(0, str(ROOT / "bench"))
        from national import generate

        call_command("load_territory", verbosity=0, as_of="2023-01-01")
        call_command("load_criteria", verbosity=0)
        counts = generate(args.weeks, provinces=args.provinces)
        print(", ".join(f"{k} {v:,}" for k, v in counts.items()))
        print(f"database {connection.settings_dict['NAME']} ready in {time.perf_counter() - started:.0f} s")
        return
    with transaction.atomic():
        districts = make_districts(10 if args.scale == "province" else 1)
    for district in districts:
        with transaction.atomic():
            counts = fill_district(district, args.weeks, rnd)
        print(f"{district.code} {district.name}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()), flush=True)
    print(f"database {connection.settings_dict['NAME']} ready in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
