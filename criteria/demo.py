"""Demo data for the criteria: district targets, three rounds of assessments for the 19 units,
recognitions, village recognitions and the road map — consistent with the 2021 statuses in
directory/data/di_linh_communes.csv (Hòa Ninh model, Đinh Lạc advanced, Sơn Điền and Gia Bắc not
yet standard, the others standard).

Deterministic (seeded random), fast (bulk_create) and idempotent: a second run adds nothing.
"""

from __future__ import annotations

import dataclasses
import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from directory.models import Commune, District, NtmStatus, Village
from ntm_portal.audit import audit_record
from ntm_portal.text import fold

from .loaders import load_shipped_sets
from .models import (
    Assessment,
    AssessmentStatus,
    Authority,
    Comparator,
    CriteriaSet,
    Indicator,
    IndicatorKind,
    IndicatorResult,
    Recognition,
    RecognitionLevel,
    ResultStatus,
    RoadmapStage,
    RoadmapTarget,
    Target,
)
from .status import indicator_status

ROUNDS = [datetime.date(2023, 1, 18), datetime.date(2023, 7, 31), datetime.date(2024, 12, 31)]
# Demo targets for the district (the office enters the real ones for the Tây Nguyên region).
TARGETS = {"2.1": 100, "2.2": 70, "2.3": 100, "2.4": 70, "3.1": 80, "4.2": 98, "5": 70, "6.3": 100, "9.2": 75,
           "10": 48, "11": 5, "12.1": 65, "12.2": 25, "14.2": 85, "15.1": 90, "15.3": 26, "15.4": 50, "16": 70,
           "17.1": 95, "17.2": 100, "17.4": 2, "17.7": 100, "17.8": 70, "17.9": 80, "17.10": 100, "17.11": 30,
           "17.12": 50}
LOWER_IS_BETTER = {"11", "15.3"}
# criteria not met per round, for the two communes not yet standard (the others meet all 19 later).
BEHIND = {
    "Sơn Điền": [{2, 5, 10, 11, 12, 13, 17}, {2, 10, 11, 13, 17}, {10, 17}],
    "Gia Bắc": [{2, 3, 5, 6, 10, 11, 13, 14, 17}, {2, 10, 11, 17}, {11, 17}],
}
STANDARD_YEAR = {"Tân Nghĩa": 2017, "Hòa Nam": 2017, "Đinh Trang Thượng": 2020, "Bảo Thuận": 2020}


@dataclasses.dataclass
class CriteriaSeed:
    assessments: int = 0
    results: int = 0
    recognitions: int = 0
    created: int = 0

    def __str__(self) -> str:
        return (f"{self.assessments} lần đánh giá, {self.results} kết quả chỉ tiêu, {self.recognitions} quyết định "
                f"công nhận (thêm mới lần này: {self.created})")


def _value_for(indicator: Indicator, target: Target, status: str, rng: random.Random) -> Decimal:
    """A value that the target makes `status` (checked with the same rule as the portal)."""
    t, m = target.value, target.approaching_margin
    slack = abs(t) * m / 100
    sign = -1 if indicator.comparator == Comparator.LTE else 1
    step = Decimal(rng.randint(1, 9)) / 10
    if status == ResultStatus.MET:
        value = t + sign * step * max(slack, Decimal(1))
    elif status == ResultStatus.APPROACHING:
        value = t - sign * slack * step
    else:
        value = t - sign * (slack + max(abs(t) * Decimal("0.1"), Decimal(1)) * step)
    value = max(value, Decimal(0)).quantize(Decimal("0.01"))
    if indicator.comparator == Comparator.GTE and "%" in indicator.unit_label:
        value = min(value, Decimal(100))
    computed = indicator_status(value=value, target=t, comparator=indicator.comparator, margin=m)
    if computed != status:  # the demo must never show a value that contradicts its status
        raise ValueError(f"{indicator.code}: {value} gives {computed}, not {status}")
    return value


@transaction.atomic
def seed_criteria(*, district_code: str = "679") -> CriteriaSeed:
    if not CriteriaSet.objects.filter(code="QD318-XA").exists():
        load_shipped_sets()
    district = District.objects.get(code=district_code)
    commune_set = CriteriaSet.objects.get(code="QD318-XA", version=1)
    district_set = CriteriaSet.objects.get(code="QD320-HUYEN", version=1)
    communes = list(Commune.objects.filter(parent=district).order_by("code"))
    rng = random.Random(20230118)
    result = CriteriaSeed()
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__startswith="xa.")}
    coordinator = User.objects.filter(username="dieuphoi").first() or User.objects.filter(is_superuser=True).first()
    if coordinator is None:
        return result

    indicators = list(Indicator.objects.filter(criteria_set=commune_set).select_related("criterion").order_by("sort_key"))
    targets = _seed_targets(commune_set, district, indicators)
    result.created += len(targets) if targets else 0
    targets = {t.indicator_id: t for t in Target.objects.filter(indicator__criteria_set=commune_set, unit=district)}

    existing = set(Assessment.objects.filter(criteria_set__in=[commune_set, district_set])
                   .values_list("criteria_set_id", "unit_id", "as_of"))
    new_assessments, plans = [], []
    now = timezone.now()
    for commune in communes:
        officer = users.get("xa." + fold(commune.name).replace(" ", "").replace("'", "")) or coordinator
        for index, as_of in enumerate(ROUNDS):
            if (commune_set.pk, commune.pk, as_of) in existing:
                continue
            failing = _failing_criteria(commune, index, rng)
            pending = index == len(ROUNDS) - 1 and commune.name in BEHIND
            new_assessments.append(Assessment(
                criteria_set=commune_set, unit=commune, commune=commune, district=district, as_of=as_of,
                status=AssessmentStatus.SUBMITTED if pending else AssessmentStatus.VERIFIED,
                created_by=officer, submitted_at=now, reviewed_by=None if pending else coordinator,
                reviewed_at=None if pending else now, note="Dữ liệu minh họa",
            ))
            plans.append(failing)
    created = Assessment.objects.bulk_create(new_assessments)
    new_results = []
    for assessment, failing in zip(created, plans, strict=True):
        for indicator in indicators:
            status = ResultStatus.MET
            if indicator.criterion.number in failing:
                first = min(i.code for i in indicators if i.criterion.number == indicator.criterion.number)
                status = ResultStatus.NOT_MET if indicator.code == first else rng.choice(
                    [ResultStatus.MET, ResultStatus.APPROACHING])
            target = targets.get(indicator.pk)
            value = _value_for(indicator, target, status, rng) if target is not None else None
            new_results.append(IndicatorResult(assessment=assessment, indicator=indicator, value=value, status=status,
                                               target_value=target.value if target is not None else None))
    IndicatorResult.objects.bulk_create(new_results, batch_size=1000)
    result.created += len(created) + len(new_results)

    result.created += _seed_district_assessment(district_set, district, coordinator, existing)
    result.created += _seed_recognitions(communes, rng)
    result.created += _seed_roadmap(district, communes)
    result.assessments = Assessment.objects.filter(district=district).count()
    result.results = IndicatorResult.objects.filter(assessment__district=district).count()
    result.recognitions = Recognition.objects.count()
    if result.created:
        audit_record(actor=None, action="demo.seed_criteria", target=district, unit=district,
                     note=f"{result.created} bản ghi minh họa (tiêu chí NTM)")
    return result


def _seed_targets(commune_set, district, indicators) -> list[Target]:
    if Target.objects.filter(indicator__criteria_set=commune_set, unit=district).exists():
        return []
    by_code = {i.code: i for i in indicators}
    for code in LOWER_IS_BETTER:
        Indicator.objects.filter(pk=by_code[code].pk).update(comparator=Comparator.LTE)
        by_code[code].comparator = Comparator.LTE
    return Target.objects.bulk_create([
        Target(indicator=by_code[code], unit=district, value=Decimal(value), approaching_margin=Decimal(10))
        for code, value in TARGETS.items() if by_code[code].kind == IndicatorKind.NUMERIC
    ])


def _failing_criteria(commune, round_index: int, rng: random.Random) -> set[int]:
    if commune.name in BEHIND:
        return BEHIND[commune.name][round_index]
    if commune.ntm_status in (NtmStatus.MODEL, NtmStatus.ADVANCED) or round_index > 0:
        return set()
    # Before the Đề án, some standard communes had slipped on one criterion (environment, income…).
    return {rng.choice([10, 12, 17])} if rng.random() < 0.5 else set()


def _seed_district_assessment(district_set, district, coordinator, existing) -> int:
    as_of = ROUNDS[-1]
    if (district_set.pk, district.pk, as_of) in existing:
        return 0
    now = timezone.now()
    assessment = Assessment.objects.create(
        criteria_set=district_set, unit=district, district=district, as_of=as_of, status=AssessmentStatus.VERIFIED,
        created_by=coordinator, submitted_at=now, reviewed_by=coordinator, reviewed_at=now, note="Dữ liệu minh họa")
    results = [IndicatorResult(assessment=assessment, indicator=i,
                               status=ResultStatus.NOT_MET if i.code in ("2", "7") else ResultStatus.MET)
               for i in Indicator.objects.filter(criteria_set=district_set)]
    IndicatorResult.objects.bulk_create(results)
    return 1 + len(results)


def _seed_recognitions(communes, rng: random.Random) -> int:
    if Recognition.objects.filter(unit__in=communes).exists():
        return 0
    rows = []
    number = 1800

    def decision(unit, level, year, authority=Authority.PROVINCE):
        nonlocal number
        number += 37
        rows.append(Recognition(unit=unit, level=level, authority=authority,
                                decision_number=f"{number}/QĐ-UBND", decision_date=datetime.date(year, 12, 20),
                                note="Dữ liệu minh họa"))

    for commune in communes:
        if commune.ntm_status in (NtmStatus.STANDARD, NtmStatus.ADVANCED, NtmStatus.MODEL):
            decision(commune, RecognitionLevel.STANDARD, STANDARD_YEAR.get(commune.name, rng.choice([2016, 2018, 2019])))
        if commune.ntm_status in (NtmStatus.ADVANCED, NtmStatus.MODEL):
            decision(commune, RecognitionLevel.ADVANCED, 2020)
        if commune.ntm_status == NtmStatus.MODEL:
            decision(commune, RecognitionLevel.MODEL, 2022)
    villages = list(Village.objects.filter(parent__in=[c for c in communes if c.name in ("Hòa Ninh", "Đinh Lạc")])
                    .order_by("parent__code", "name")[:5])
    for index, village in enumerate(villages):
        level = RecognitionLevel.MODEL_VILLAGE if village.kind == "thon" else RecognitionLevel.MODEL_AREA
        decision(village, level, 2022 + index % 2, Authority.DISTRICT)
    Recognition.objects.bulk_create(rows)
    return len(rows)


def _seed_roadmap(district, communes) -> int:
    if RoadmapTarget.objects.filter(district=district).exists():
        return 0
    rows = []
    by_name = {c.name: c for c in communes}
    for name in ("Sơn Điền", "Gia Bắc"):
        rows.append(RoadmapTarget(unit=by_name[name], district=district, level=RecognitionLevel.STANDARD, year=2025,
                                  stage=RoadmapStage.IN_PREPARATION))
    advanced = [c for c in communes if c.ntm_status == NtmStatus.STANDARD and c.kind == "xa"]
    for index, commune in enumerate(advanced[:10]):
        rows.append(RoadmapTarget(unit=commune, district=district, level=RecognitionLevel.ADVANCED,
                                  year=2025 if index < 4 else 2026,
                                  stage=RoadmapStage.IN_PREPARATION if index < 4 else RoadmapStage.PLANNED))
    villages = list(Village.objects.filter(parent__in=advanced[:5]).order_by("parent__code", "name")[:15])
    for village in villages:
        level = RecognitionLevel.MODEL_VILLAGE if village.kind == "thon" else RecognitionLevel.MODEL_AREA
        rows.append(RoadmapTarget(unit=village, district=district, level=level, year=2025,
                                  stage=RoadmapStage.IN_PREPARATION))
    RoadmapTarget.objects.bulk_create(rows)
    return len(rows)
