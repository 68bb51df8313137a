"""Demo data of the API: the DHIS2 mapping table filled in (the office would type its partner's ids)."""

from __future__ import annotations

from .models import Dhis2Mapping, Figure

# Identifiers in DHIS2's form (11 characters, a letter first). "HllvX50cXC0" is DHIS2's own
# "default" category option combo.
DEFAULT_COMBO = "HllvX50cXC0"
DEFAULT_MAPPING = {
    Figure.RESIDENTS: "NtmResident",
    Figure.HOUSEHOLDS: "NtmHousehld",
    Figure.HOUSEHOLDS_TOTAL: "NtmHhTotal1",
    Figure.COMMUNE_STAFF: "NtmCmnStaff",
    Figure.TEACHERS: "NtmTeachers",
    Figure.STUDENTS: "NtmStudents",
    Figure.AGENCY_STAFF_LISTED: "NtmAgcListd",
    Figure.AGENCY_STAFF_PRESENT: "NtmAgcPrsnt",
    Figure.WASTE_KG: "NtmWasteKg1",
    Figure.WASTE_M3: "NtmWasteM31",
    Figure.VILLAGES_REPORTED: "NtmVillRptd",
}


def mapping_seed() -> int:
    """The default mapping, for the rows not there yet (an edited row is kept). Returns rows created."""
    have = set(Dhis2Mapping.objects.values_list("figure", flat=True))
    rows = [Dhis2Mapping(figure=figure, data_element=element, category_option_combo=DEFAULT_COMBO,
                         note="Mặc định — thay bằng mã của hệ thống đối tác")
            for figure, element in DEFAULT_MAPPING.items() if figure not in have]
    Dhis2Mapping.objects.bulk_create(rows)
    return len(rows)


def received_seed(*, district_code: str = "679") -> int:
    """A partner's answer for the latest demo week with filed reports: the week's export sent back with one
    commune's residents 7 higher, so the page "Số liệu nhận về" shows values and a difference. Returns the
    values imported (0 when already done or nothing filed)."""
    import json

    from django.utils import timezone

    from campaigns.models import ActionDay
    from directory.models import District

    from .exchange import data_values, exchange_import, period_parse, rows_from_json, week_code
    from .models import ExchangeImport

    district = District.objects.filter(code=district_code).first()
    if district is None or ExchangeImport.objects.filter(unit=district).exists():
        return 0
    days = (ActionDay.objects.filter(programme__owner=district, date__lt=timezone.localdate())
            .exclude(status=ActionDay.Status.CANCELLED).order_by("-date")[:4])
    for day in days:
        values = data_values(unit=district, period=period_parse(week_code(day.date)))
        if not values:
            continue
        residents = DEFAULT_MAPPING[Figure.RESIDENTS]
        changed = next((v for v in values if v["dataElement"] == residents), None)
        if changed is not None:
            changed["value"] = str(int(float(changed["value"])) + 7)
        payload = {"dataValues": values}
        batch = exchange_import(unit=district, rows=rows_from_json(payload), source_format="json",
                                raw=json.dumps(payload, sort_keys=True).encode(), actor=None)
        return batch.value_count
    return 0


def seed_api(**kwargs):
    return mapping_seed() + received_seed()
