"""Demo data for model residential areas and village funds, consistent with criteria.demo: the villages
recognised there (criteria.Recognition, model village / model area) have recognised cases here — one of
them lost at its 2024 re-check —, the road-map villages are in preparation at different steps, and every
village of the district keeps a fund ledger for the last fourteen months up to today.

Deterministic (seeded random), fast (bulk_create) and idempotent: a second run adds nothing.
"""

from __future__ import annotations

import dataclasses
import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from criteria.loaders import load_shipped_sets
from criteria.models import (
    Assessment,
    AssessmentStatus,
    CriteriaSet,
    Evidence,
    Recognition,
    RecognitionLevel,
    RoadmapTarget,
)
from directory.models import Commune, District, Village
from ntm_portal.audit import audit_record
from ntm_portal.text import fold

from .models import AreaState, EntryDirection, EntryKind, FundEntry, FundSource, ModelAreaCase, ModelAreaCheck

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WORKS = ["Bê tông hóa đường ngõ xóm", "Lắp đèn đường thắp sáng", "Trồng cây xanh hai bên đường",
         "Sửa nhà văn hóa thôn", "Làm rãnh thoát nước", "Mua thùng rác công cộng"]
GIFTS = {
    FundSource.HOUSEHOLDS: ["Nhân dân đóng góp theo hương ước", "Hộ gia đình đóng góp làm đường"],
    FundSource.BUSINESSES: ["Công ty chè Di Linh ủng hộ", "Hợp tác xã cà phê ủng hộ"],
    FundSource.BENEFACTORS: ["Con em xa quê ủng hộ", "Nhà hảo tâm ủng hộ"],
    FundSource.STATE_BUDGET: ["Ngân sách xã hỗ trợ xi măng"],
}


@dataclasses.dataclass
class RecognitionSeed:
    cases: int = 0
    entries: int = 0

    def __str__(self) -> str:
        return f"{self.cases} hồ sơ khu dân cư kiểu mẫu, {self.entries} khoản thu chi quỹ thôn"


@transaction.atomic
def seed_recognition(*, district_code: str = "679") -> RecognitionSeed:
    if not CriteriaSet.objects.filter(code="KDC-KIEU-MAU").exists():
        load_shipped_sets()
    area_set = CriteriaSet.objects.get(code="KDC-KIEU-MAU", version=1)
    district = District.objects.get(code=district_code)
    User = get_user_model()
    officers = {u.username: u for u in User.objects.filter(username__startswith="xa.")}
    coordinator = User.objects.filter(username="dieuphoi").first() or User.objects.filter(is_superuser=True).first()
    result = RecognitionSeed()
    if coordinator is None:
        return result
    communes = list(Commune.objects.current().filter(parent=district).order_by("code"))

    def officer_of(commune_id):
        commune = next((c for c in communes if c.pk == commune_id), None)
        name = "xa." + fold(commune.name).replace(" ", "").replace("'", "") if commune else ""
        return officers.get(name) or coordinator

    rng = random.Random(20210525)
    if not ModelAreaCase.objects.filter(commune__parent=district).exists():
        result.cases = _seed_cases(area_set, district, communes, officer_of, coordinator, rng)
    if not FundEntry.objects.filter(commune__parent=district).exists():
        result.entries = _seed_funds(communes, officer_of, rng)
    if result.cases or result.entries:
        audit_record(actor=None, action="recognition.demo", note=str(result))
    return result


def _assessment(area_set, village, district, on, officer) -> Assessment:
    assessment = Assessment.objects.create(criteria_set=area_set, unit=village, commune_id=village.parent_id,
                                           district=district, as_of=on, status=AssessmentStatus.VERIFIED,
                                           created_by=officer, note="Dữ liệu minh họa: thôn tự đánh giá")
    evidence = Evidence(assessment=assessment, original_name="bien-ban-tu-danh-gia.pdf", size=len(PDF),
                        uploaded_by=officer)
    evidence.file.save("bien-ban-tu-danh-gia.pdf", ContentFile(PDF), save=False)
    evidence.save()
    return assessment


def _seed_cases(area_set, district, communes, officer_of, coordinator, rng) -> int:
    today = timezone.localdate()
    recognised = list(Recognition.objects.filter(
        unit__parent__parent=district, level__in=[RecognitionLevel.MODEL_AREA, RecognitionLevel.MODEL_VILLAGE])
        .select_related("unit").order_by("decision_date", "pk"))
    planned = list(RoadmapTarget.objects.filter(
        district=district, level__in=[RecognitionLevel.MODEL_AREA, RecognitionLevel.MODEL_VILLAGE])
        .select_related("unit").order_by("unit__parent__code", "unit__name"))
    cases, checks = [], []
    for index, recognition in enumerate(recognised):
        village = recognition.unit
        officer = officer_of(village.parent_id)
        decided = recognition.decision_date
        registered = decided - datetime.timedelta(days=200)
        assessment = _assessment(area_set, village, district, decided - datetime.timedelta(days=60), officer)
        lost = index == len(recognised) - 1 and len(recognised) > 1  # one area did not keep its title
        case = ModelAreaCase(
            village=village, commune_id=village.parent_id, criteria_set=area_set, registered_on=registered,
            surveyed_on=registered + datetime.timedelta(days=30), survey_note="Khảo sát hiện trạng 7 tiêu chuẩn",
            self_assessment=assessment, self_assessed_on=assessment.as_of,
            appraised_on=decided - datetime.timedelta(days=30), appraisal_note="Đủ điều kiện đề nghị công nhận",
            decision_number=recognition.decision_number, decision_date=decided, recognition=recognition,
            state=AreaState.RECOGNISED, created_by=officer)
        rechecks = []
        day = decided
        while True:
            day = day.replace(year=day.year + 1)
            if day > today:
                break
            failed = lost and not rechecks
            rechecks.append((day, not failed))
            if failed:
                break
        case.last_checked_on = rechecks[-1][0] if rechecks else decided
        if rechecks and not rechecks[-1][1]:
            case.state, case.lost_on = AreaState.LOST, rechecks[-1][0]
        cases.append((case, rechecks))
    recognised_ids = {r.unit_id for r in recognised}
    steps = [AreaState.REGISTERED, AreaState.SURVEYED, AreaState.SELF_ASSESSED, AreaState.APPRAISED]
    for index, target in enumerate(t for t in planned if t.unit_id not in recognised_ids):
        village = target.unit
        officer = officer_of(village.parent_id)
        state = steps[index % len(steps)]
        registered = today - datetime.timedelta(days=150 + 7 * index)
        case = ModelAreaCase(village=village, commune_id=village.parent_id, criteria_set=area_set,
                             registered_on=registered, state=state, created_by=officer)
        if state != AreaState.REGISTERED:
            case.surveyed_on, case.survey_note = registered + datetime.timedelta(days=20), "Đã khảo sát"
        if state in (AreaState.SELF_ASSESSED, AreaState.APPRAISED):
            case.self_assessment = _assessment(area_set, village, district, registered + datetime.timedelta(days=60),
                                               officer)
            case.self_assessed_on = case.self_assessment.as_of
        if state == AreaState.APPRAISED:
            case.appraised_on, case.appraisal_note = registered + datetime.timedelta(days=90), "Đạt 7/7 tiêu chuẩn"
        cases.append((case, []))
    ModelAreaCase.objects.bulk_create([c for c, _r in cases])
    for case, rechecks in cases:
        for day, passed in rechecks:
            checks.append(ModelAreaCheck(case=case, checked_on=day, passed=passed, recorded_by=coordinator,
                                         note="Giữ vững 7/7 tiêu chuẩn" if passed else "Tiêu chuẩn 5 không duy trì"))
    ModelAreaCheck.objects.bulk_create(checks)
    return len(cases)


def _seed_funds(communes, officer_of, rng) -> int:
    today = timezone.localdate()
    start = (today.replace(day=1) - datetime.timedelta(days=400)).replace(day=1)
    villages = list(Village.objects.current().filter(parent__in=communes).order_by("parent__code", "name"))
    rows = []
    for village in villages:
        officer = officer_of(village.parent_id)
        balance = Decimal(0)
        for _n in range(rng.randint(5, 12)):
            on = start + datetime.timedelta(days=rng.randint(0, (today - start).days))
            source = rng.choice(list(GIFTS))
            kind = rng.choices([EntryKind.MONEY, EntryKind.IN_KIND, EntryKind.LABOUR], [6, 2, 2])[0]
            amount = Decimal(rng.randint(5, 120) * 100_000)
            days = Decimal(rng.randint(4, 60)) if kind == EntryKind.LABOUR else None
            if kind == EntryKind.LABOUR:
                source, amount = FundSource.HOUSEHOLDS, days * 200_000
            rows.append(FundEntry(village=village, commune_id=village.parent_id, direction=EntryDirection.CONTRIBUTION,
                                  kind=kind, source=source, on=on, amount=amount, working_days=days,
                                  description=rng.choice(GIFTS[source]), created_by=officer))
            balance += amount
        # the current month always has something, so the dashboard's month is not empty
        rows.append(FundEntry(village=village, commune_id=village.parent_id, direction=EntryDirection.CONTRIBUTION,
                              kind=EntryKind.MONEY, source=FundSource.HOUSEHOLDS, on=today.replace(day=1),
                              amount=Decimal(rng.randint(2, 20) * 100_000), description="Nhân dân đóng góp quỹ thôn",
                              created_by=officer))
        for _n in range(rng.randint(1, 4)):
            spent = (balance * Decimal(rng.randint(10, 30)) / 100).quantize(Decimal(1000))
            if spent <= 0:
                continue
            rows.append(FundEntry(village=village, commune_id=village.parent_id, direction=EntryDirection.SPENDING,
                                  kind=EntryKind.MONEY, on=today - datetime.timedelta(days=rng.randint(0, 120)),
                                  amount=spent, description=rng.choice(WORKS), created_by=officer))
            balance -= spent
    FundEntry.objects.bulk_create(rows, batch_size=500)
    return len(rows)
