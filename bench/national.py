"""National scale for bench/generate.py (issue 16): ≈3,300 communes, ≈70,000 villages, two years.

34 provinces (as after the 2025 reform) × 5 coordinating districts × 19–20 communes × 21 villages,
besides the real Di Linh; per district 100 agencies of 30 staff; for every week of --weeks: a day
report per commune (≈90 % filed), a result per village with 2–3 task results, rosters with entries
and attendance; twice a year a criteria assessment per commune with a result per indicator.

Rows are written with PostgreSQL COPY, ids assigned here and the identity sequences moved on at the
end, so tens of millions of rows take minutes, not hours. Unset columns take the model field's
default (so the generator follows the schema as it changes). PostgreSQL only.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import random
import time
from decimal import Decimal

PROVINCES, DISTRICTS_PER_PROVINCE, VILLAGES_PER_COMMUNE = 34, 5, 21
AGENCIES, STAFF = 100, 30
FLUSH = 100_000


class Copier:
    """Buffers rows of one model and COPYs them in; returns the id each row will have."""

    def __init__(self, model, connection):
        self.model, self.connection = model, connection
        self.fields = [f for f in model._meta.concrete_fields]
        self.columns = [f.column for f in self.fields]
        self.table = model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{self.table}"')
            self.next_id = cursor.fetchone()[0] + 1
        self.buffer, self.count, self.rows = io.StringIO(), 0, 0
        self.writer = csv.writer(self.buffer)
        self.now = datetime.datetime.now(datetime.UTC)
        self._defaults = {}
        for f in self.fields:
            if f.primary_key:
                continue
            if f.has_default():
                self._defaults[f.attname] = f.get_default
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self._defaults[f.attname] = lambda: self.now
            elif f.null:
                self._defaults[f.attname] = lambda: None
            elif f.get_internal_type() in ("CharField", "TextField", "SlugField", "EmailField", "FileField"):
                self._defaults[f.attname] = lambda: ""

    @staticmethod
    def _text(value) -> str:
        if value is None:
            return r"\N"
        if value is True:
            return "t"
        if value is False:
            return "f"
        if isinstance(value, datetime.date | datetime.datetime | datetime.time):
            return value.isoformat()
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False)
        return str(value)

    def add(self, **values) -> int:
        row_id = self.next_id
        self.next_id += 1
        row = []
        for f in self.fields:
            if f.primary_key:
                row.append(row_id)
            elif f.attname in values:
                row.append(self._text(values[f.attname]))
            elif f.attname in self._defaults:
                row.append(self._text(self._defaults[f.attname]()))
            else:
                raise ValueError(f"{self.table}.{f.column}: no value and no default")
        self.writer.writerow(row)
        self.count += 1
        if self.count >= FLUSH:
            self.flush()
        return row_id

    def flush(self) -> None:
        if not self.count:
            return
        self.buffer.seek(0)
        columns = ", ".join(f'"{c}"' for c in self.columns)
        with self.connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f'COPY "{self.table}" ({columns}) FROM STDIN WITH (FORMAT csv, NULL \'\\N\')', self.buffer)
        self.rows += self.count
        self.buffer, self.count = io.StringIO(), 0
        self.writer = csv.writer(self.buffer)

    def close(self) -> None:
        self.flush()
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{self.table}\"', 'id'), "
                f'(SELECT COALESCE(MAX(id), 1) FROM "{self.table}"))')


def last_saturday(today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=(today.weekday() - 5) % 7 or 7)


def generate(weeks: int, provinces: int = PROVINCES, seed: int = 3300) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
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
    from criteria.models import Assessment, CriteriaSet, IndicatorResult
    from directory.models import (
        AdministrativeUnit,
        Agency,
        AgencyKind,
        Assignment,
        HouseholdCount,
        Person,
        UnitLevel,
    )

    if connection.vendor != "postgresql":
        raise SystemExit("--scale national needs PostgreSQL (BENCH_DATABASE_URL=postgres://…/ntm_bench_national)")
    rnd = random.Random(seed)
    if AdministrativeUnit.objects.filter(code="N01").exists():
        print("national data already generated")
        return {}
    seed_task_types(TaskType)
    types = list(TaskType.objects.filter(is_active=True).values_list("pk", flat=True))
    criteria_set = CriteriaSet.objects.filter(level="commune").order_by("valid_from").first()
    indicators = list(criteria_set.indicators.values_list("pk", flat=True)) if criteria_set else []
    author, _ = get_user_model().objects.get_or_create(username="bench-national")
    start = datetime.date(2023, 1, 1)
    last = last_saturday(timezone.localdate())
    now = timezone.now()
    counts: dict[str, int] = {}
    started = time.perf_counter()

    with transaction.atomic():
        units = Copier(AdministrativeUnit, connection)
        households = Copier(HouseholdCount, connection)
        structure = []  # (district_id, [(commune_id, [(village_id, households)])])
        for p in range(1, provinces + 1):
            province = units.add(level=UnitLevel.PROVINCE, kind="tinh", code=f"N{p:02d}", name=f"Tỉnh Thử Nghiệm {p}",
                                 parent_id=None)
            for d in range(1, DISTRICTS_PER_PROVINCE + 1):
                district = units.add(level=UnitLevel.DISTRICT, kind="huyen", code=f"N{p:02d}{d}",
                                     name=f"Huyện Thử Nghiệm {p}.{d}", parent_id=province)
                communes = []
                for c in range(1, 19 + (d % 2) + 1):
                    commune = units.add(level=UnitLevel.COMMUNE, kind="xa", code=f"N{p:02d}{d}{c:02d}",
                                        name=f"Xã {p}.{d}.{c}", parent_id=district)
                    villages = []
                    for v in range(1, VILLAGES_PER_COMMUNE + 1):
                        village = units.add(level=UnitLevel.VILLAGE, kind="thon", code="", name=f"Thôn {v}",
                                            parent_id=commune)
                        h = rnd.randint(80, 260)
                        households.add(village_id=village, as_of=start, households=h)
                        villages.append((village, h))
                    communes.append((commune, villages))
                structure.append((district, communes))
        units.close()
        households.close()
        counts["units"], counts["households"] = units.rows, households.rows
    print(f"territory: {len(structure)} districts, {sum(len(c) for _d, c in structure):,} communes, "
          f"{counts['households']:,} villages ({time.perf_counter() - started:.0f} s)", flush=True)

    for n, (district, communes) in enumerate(structure, 1):
        with transaction.atomic():
            c = {name: Copier(model, connection) for name, model in (
                ("agencies", Agency), ("people", Person), ("assignments", Assignment), ("programmes", Programme),
                ("days", ActionDay), ("reports", DayReport), ("results", VillageResult), ("tasks", TaskResult),
                ("rosters", Roster), ("entries", RosterEntry), ("assessments", Assessment),
                ("indicator_results", IndicatorResult))}
            staff, pairs = {}, []
            for a in range(AGENCIES):
                agency = c["agencies"].add(owner_id=district, name=f"Cơ quan {a:03d}",
                                           kind=rnd.choice(AgencyKind.values))
                staff[agency] = [c["people"].add(agency_id=agency, full_name=f"Nguyễn Văn Cán Bộ {agency}-{j}",
                                                 name_folded=f"nguyen van can bo {agency}-{j}", created_at=now)
                                 for j in range(STAFF)]
                for commune, villages in rnd.sample(communes, rnd.choice([1, 1, 2])):
                    c["assignments"].add(agency_id=agency, commune_id=commune, valid_from=start)
                    pairs.append((agency, commune, villages))
            programme = c["programmes"].add(owner_id=district, started_on=start)
            for w in range(weeks):
                date = last - datetime.timedelta(weeks=w)
                day = c["days"].add(programme_id=programme, date=date, status=ActionDay.Status.CLOSED, created_at=now)
                for commune, villages in communes:
                    roll = rnd.random()
                    status = ("accepted" if roll < 0.5 else "submitted" if roll < 0.9 else "draft")
                    filed = status != "draft"
                    report = c["reports"].add(
                        commune_id=commune, action_day_id=day, status=status, created_at=now, updated_at=now,
                        is_late=filed and rnd.random() < 0.1, first_submitted_at=now if filed else None,
                        submitted_at=now if filed else None)
                    for village, total in villages:
                        h = rnd.randint(total // 5, total)
                        result = c["results"].add(
                            report_id=report, village_id=village, households_total=total, households=h,
                            residents=h + rnd.randint(0, 80), commune_staff=rnd.randint(0, 8),
                            teachers=rnd.randint(0, 5), students=rnd.randint(0, 40),
                            waste_kg=Decimal(rnd.randint(0, 2000)) / 2, waste_m3=Decimal(rnd.randint(0, 60)) / 4)
                        for t in rnd.sample(types, rnd.choice([2, 3])):
                            c["tasks"].add(village_result_id=result, task_type_id=t,
                                           quantity=Decimal(rnd.randint(1, 3000)))
                used: dict[int, int] = {}
                for agency, commune, villages in pairs:
                    if rnd.random() < 0.08:
                        continue
                    k = rnd.choice([0, 2, 3, 3, 4])
                    roster = c["rosters"].add(agency_id=agency, commune_id=commune, action_day_id=day,
                                              submitted_at=now, updated_at=now, is_late=rnd.random() < 0.15,
                                              entry_count=k)
                    offset = used.get(agency, 0)
                    for person in staff[agency][offset:offset + k]:
                        mark = rnd.choice([Attendance.PRESENT] * 5 + [Attendance.ABSENT])
                        c["entries"].add(roster_id=roster, action_day_id=day, person_id=person,
                                         full_name=f"Nguyễn Văn Cán Bộ {agency}-{person}",
                                         village_id=rnd.choice(villages)[0], attendance=mark,
                                         absence_reason="Bận công tác" if mark == Attendance.ABSENT else "")
                    used[agency] = offset + k
            if criteria_set is not None:
                for half in range(max(1, weeks // 26)):
                    as_of = last - datetime.timedelta(weeks=26 * half)
                    for commune, _villages in communes:
                        assessment = c["assessments"].add(
                            criteria_set_id=criteria_set.pk, unit_id=commune, commune_id=commune,
                            district_id=district, as_of=as_of, status="verified", created_by_id=author.pk,
                            created_at=now, submitted_at=now)
                        for indicator in indicators:
                            roll = rnd.random()
                            c["indicator_results"].add(
                                assessment_id=assessment, indicator_id=indicator,
                                status="met" if roll < 0.7 else "approaching" if roll < 0.85 else "not_met",
                                value=Decimal(rnd.randint(0, 100)))
            for name, copier in c.items():
                copier.close()
                counts[name] = counts.get(name, 0) + copier.rows
        if n % 10 == 0 or n == len(structure):
            print(f"{n}/{len(structure)} districts, {counts['results']:,} village results, "
                  f"{counts['entries']:,} roster entries ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    counts["seconds"] = round(time.perf_counter() - started)
    return counts
