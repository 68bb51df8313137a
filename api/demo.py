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


def seed_api(**kwargs):
    return mapping_seed()
