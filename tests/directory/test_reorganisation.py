"""The 2025 merger applied to the Di Linh demo: 19 units → 7 communes under the province, history kept."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from directory.models import AdministrativeUnit, Assignment, Commune, District, HouseholdCount, Role, UnitMove, Village
from directory.reorganisation import MergerPlan, merger_apply, read_merger_file
from directory.selectors import lineage, units_carried_on, village_parents_on, villages_of, villages_on
from directory.services import coordinating_unit_of, district_of
from ntm_portal.access import scope_of
from ntm_portal.models import AuditEntry
from ntm_portal.tabular import TableError
from tests.factories import AgencyFactory, AssignmentFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
ON = datetime.date(2025, 7, 1)
BEFORE = datetime.date(2025, 6, 28)


def _merge():
    call_command("merge_communes", verbosity=0)


def test_the_2025_file_makes_seven_communes_under_the_province_with_the_same_183_villages(district):
    old = {c.code: c for c in Commune.objects.filter(parent=district)}
    villages_before = set(Village.objects.filter(parent__parent=district).values_list("pk", flat=True))
    households_before = HouseholdCount.objects.count()
    _merge()
    province = AdministrativeUnit.objects.get(level="province", code="68")
    new = Commune.objects.current(ON).filter(parent=province).order_by("code")
    assert [(c.code, c.full_name) for c in new] == [
        ("25000", "Xã Di Linh"), ("25007", "Xã Đinh Trang Thượng"), ("25015", "Xã Gia Hiệp"),
        ("25018", "Xã Bảo Thuận"), ("25036", "Xã Hòa Ninh"), ("25042", "Xã Hòa Bắc"), ("25051", "Xã Sơn Điền"),
    ]
    # Every village is the same row, now under a new commune; none lost, none added.
    assert set(Village.objects.filter(parent__in=new).values_list("pk", flat=True)) == villages_before
    assert HouseholdCount.objects.count() == households_before
    # The new 25007 is Đinh Trang Thượng; the former 25007 (Tân Lâm) is kept as history, merged into it.
    dtt = new.get(code="25007")
    tan_lam = AdministrativeUnit.objects.get(pk=old["25007"].pk)
    assert tan_lam.name == "Tân Lâm" and tan_lam.valid_to == datetime.date(2025, 6, 30)
    assert tan_lam.successor == dtt and tan_lam.parent == district
    assert sorted(p.name for p in dtt.predecessors.all()) == ["Tân Lâm", "Tân Thượng", "Đinh Trang Thượng"]
    # Each former unit went where its code says, not where its name says.
    assert AdministrativeUnit.objects.get(pk=old["25021"].pk).successor.name == "Gia Hiệp"  # Tam Bố
    assert AdministrativeUnit.objects.get(pk=old["25045"].pk).successor.name == "Hòa Bắc"
    # The district has no unit left: it closes the day before; no commune is in force under it.
    assert District.objects.get(pk=district.pk).valid_to == datetime.date(2025, 6, 30)
    assert Commune.objects.current(ON).filter(parent=district).count() == 0
    assert Commune.objects.current(BEFORE).filter(parent=district).count() == 19
    # A commune directly under the province is coordinated by the province.
    assert coordinating_unit_of(dtt) == province and district_of(dtt) == province
    assert coordinating_unit_of(Village.objects.filter(parent=dtt).first()) == province
    assert AuditEntry.objects.filter(action="territory.merge").count() == 7


def test_villages_keep_their_history_and_clashing_names_say_their_former_commune(district):
    hoa_trung = Commune.objects.get(code="25039", parent=district)
    before = set(Village.objects.filter(parent=hoa_trung).values_list("pk", flat=True))
    _merge()
    hoa_ninh = Commune.objects.current(ON).get(code="25036")
    moved = Village.objects.filter(pk__in=before)
    assert {v.parent_id for v in moved} == {hoa_ninh.pk}
    # "Thôn 1" of Hòa Ninh keeps its name; Hòa Trung's becomes "Thôn 1 (Hòa Trung)".
    names = set(Village.objects.filter(parent=hoa_ninh).values_list("name", flat=True))
    assert "Thôn 1" in names and "Thôn 1 (Hòa Trung)" in names
    move = UnitMove.objects.get(unit__name="Thôn 1 (Hòa Trung)")
    assert (move.from_parent, move.to_parent, move.on, move.old_name) == (hoa_trung, hoa_ninh, ON, "Thôn 1")
    # As they were before the date, as they are after.
    assert set(villages_on([hoa_trung.pk], BEFORE)) == before
    assert villages_on([hoa_trung.pk], ON) == []
    assert before <= set(villages_on([hoa_ninh.pk], ON))
    assert set(village_parents_on(before, BEFORE).values()) == {hoa_trung.pk}


def test_users_of_a_merged_commune_see_all_its_villages(district):
    officer = UserFactory(username="xa.hoatrung")
    hoa_trung = Commune.objects.get(code="25039", parent=district)
    MembershipFactory(user=officer, role=Role.COMMUNE_OFFICER, unit=hoa_trung)
    agency = AgencyFactory(owner=district, name="Hội Nông dân")
    AssignmentFactory(agency=agency, commune=hoa_trung, valid_from=datetime.date(2023, 2, 1))
    _merge()
    hoa_ninh = Commune.objects.current(ON).get(code="25036")
    scope = scope_of(officer)
    assert hoa_ninh.pk in scope.officer_commune_ids and scope.can_write_commune(hoa_ninh)
    assert hoa_trung.pk in scope.officer_commune_ids  # the history of the former commune stays readable
    seen = set(villages_of(scope.officer_commune_ids & {hoa_ninh.pk}).values_list("pk", flat=True))
    assert seen == set(Village.objects.filter(parent=hoa_ninh).values_list("pk", flat=True))
    assert len(seen) == len(Village.objects.filter(moves__from_parent__code__in=["25024", "25039", "25036"]))
    # The agency follows its commune: closed on 30/06, open on the new one from 01/07.
    rows = Assignment.objects.filter(agency=agency).order_by("valid_from")
    assert [(r.commune_id, r.valid_to) for r in rows] == [(hoa_trung.pk, datetime.date(2025, 6, 30)),
                                                          (hoa_ninh.pk, None)]


def test_the_successor_carries_its_predecessors_history(district):
    _merge()
    hoa_ninh = Commune.objects.current(ON).get(code="25036")
    former = set(AdministrativeUnit.objects.filter(successor=hoa_ninh).values_list("pk", flat=True))
    assert {p.unit_id for p in lineage([hoa_ninh.pk])[hoa_ninh.pk]} == former | {hoa_ninh.pk}
    assert set(units_carried_on([hoa_ninh.pk], BEFORE)[hoa_ninh.pk]) == former
    assert units_carried_on([hoa_ninh.pk], ON)[hoa_ninh.pk] == [hoa_ninh.pk]
    # A later merger: the lineage goes back through both generations.
    province = hoa_ninh.parent
    merger_apply(plans=[MergerPlan(code="25036", name="Hòa Ninh Mới", kind="xa", predecessor_codes=["25036", "25042"])],
                 parent=province, on=datetime.date(2027, 1, 1), actor=None)
    newest = Commune.objects.get(code="25036", valid_from=datetime.date(2027, 1, 1))
    carried = units_carried_on([newest.pk], BEFORE)[newest.pk]
    assert set(carried) >= former and len(carried) == 3 + 2  # Hòa Ninh's three and Hòa Bắc's two


def test_a_rerun_changes_nothing():
    _merge()
    count, moves, audits = AdministrativeUnit.objects.count(), UnitMove.objects.count(), AuditEntry.objects.count()
    _merge()
    assert (AdministrativeUnit.objects.count(), UnitMove.objects.count(), AuditEntry.objects.count()) == (
        count, moves, audits)


def test_a_bad_merger_file_names_its_rows_and_changes_nothing(tmp_path, district):
    path = tmp_path / "bad.csv"
    path.write_text(
        "new_code,new_name,predecessors,predecessor_codes,valid_from\n"
        "25000,Xã Di Linh,Thị trấn Di Linh;Xã Liên Đầm,25000;25027,2025-07-01\n"
        "25007,Xã Đinh Trang Thượng,Xã Liên Đầm,25027,2025-07-01\n"       # 25027 twice
        "25099,Xã Không Có,Xã Ma,99999,2025-07-01\n"                        # no such unit
        "2501X,,Xã Tân Lâm,25007,2025-07-02\n",                             # bad code, no name, other date
        encoding="utf-8")
    before = list(AdministrativeUnit.objects.order_by("pk").values_list("pk", "parent_id", "valid_to", "name"))
    with pytest.raises(CommandError) as caught:
        call_command("merge_communes", str(path))
    text = str(caught.value)
    assert "Dòng 5, cột new_code: mã “2501X” phải là số." in text
    assert "Dòng 5, cột new_name: thiếu tên đơn vị mới." in text
    assert "nhiều ngày hiệu lực khác nhau (01/07/2025, 02/07/2025)" in text
    path.write_text(path.read_text(encoding="utf-8").rsplit("\n", 2)[0] + "\n", encoding="utf-8")
    plans, on = read_merger_file(path)
    with pytest.raises(TableError) as caught:
        merger_apply(plans=plans, parent=district.parent, on=on, actor=None)
    errors = "\n".join(caught.value.errors)
    assert "Dòng 3: đơn vị cũ mã 25027 đã được sáp nhập ở Dòng 2." in errors
    assert "Dòng 4: không có xã, phường, thị trấn mã 99999 còn hiệu lực ngày 30/06/2025." in errors
    assert "Dòng 3: mã mới 25007 đang là mã của Xã Tân Lâm" in errors
    assert list(AdministrativeUnit.objects.order_by("pk").values_list("pk", "parent_id", "valid_to", "name")) == before


def test_the_admin_page_applies_a_merger_file_and_shows_a_bad_one_row_by_row(client, district):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from directory.loaders import DATA_DIR

    admin_user = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    url = reverse("admin:directory_merge")
    page = client.get(url).content.decode()
    assert "Sáp nhập đơn vị hành chính" in page and "predecessor_codes" in page
    bad = SimpleUploadedFile("bad.csv", "new_code,new_name,predecessor_codes\n25000,Xã Di Linh,99999\n".encode())
    response = client.post(url, {"file": bad, "parent": district.parent_id, "on": "01/07/2025"})
    assert "Dòng 2: không có xã, phường, thị trấn mã 99999 còn hiệu lực ngày 30/06/2025." in response.content.decode()
    assert Commune.objects.current(ON).filter(parent=district).count() == 19
    upload = SimpleUploadedFile("nq1671.csv", (DATA_DIR / "di_linh_area_communes_2025.csv").read_bytes())
    response = client.post(url, {"file": upload, "parent": district.parent_id, "note": "NQ 1671/NQ-UBTVQH15"})
    assert response.status_code == 302
    assert Commune.objects.current(ON).filter(parent=district.parent).count() == 7
    entries = AuditEntry.objects.filter(action="territory.merge")
    assert entries.count() == 7 and {e.actor_id for e in entries} == {admin_user.pk}
    assert {e.note for e in entries} == {"NQ 1671/NQ-UBTVQH15"}
    assert "Xã Hòa Trung (25039)" in str(entries.get(target_repr="Xã Hòa Ninh", target_id__isnull=False).changes)


def test_the_officer_of_a_merged_commune_sees_its_villages_on_the_commune_page(login, district):
    from django.urls import reverse

    officer = UserFactory(username="xa.hoatrung2")
    MembershipFactory(user=officer, role=Role.COMMUNE_OFFICER, unit=Commune.objects.get(code="25039", parent=district))
    _merge()
    hoa_ninh = Commune.objects.current(ON).get(code="25036")
    page = login(officer).get(reverse("directory:commune_detail", args=[hoa_ninh.pk])).content.decode()
    for name in Village.objects.filter(parent=hoa_ninh).values_list("name", flat=True):
        assert name in page
    assert "Thôn 1 (Hòa Trung)" in page and "Thôn 1 (Đinh Trang Hòa)" in page
    # The commune of another officer (not merged with theirs) stays out of reach.
    gia_hiep = Commune.objects.current(ON).get(code="25015")
    assert login(officer).get(reverse("directory:commune_detail", args=[gia_hiep.pk])).status_code == 404


def test_keeping_the_district_open_is_refused_by_row_when_a_new_commune_takes_its_name(district):
    with pytest.raises(CommandError) as caught:
        call_command("merge_communes", keep_parents=True)
    assert "Dòng 2: Huyện Di Linh trực thuộc Tỉnh Lâm Đồng đã có tên “Di Linh”." in str(caught.value)
    assert Commune.objects.current(ON).filter(parent=district).count() == 19
    # Merging only some communes leaves the district open: it still holds the others.
    plans = [MergerPlan(code="25036", name="Hòa Ninh", kind="xa", predecessor_codes=["25036", "25039"])]
    report = merger_apply(plans=plans, parent=district.parent, on=ON, actor=None)
    assert report.parents_closed == [] and District.objects.get(pk=district.pk).valid_to is None


def test_district_roles_can_follow_to_the_province(district, coordinator, leader):
    call_command("merge_communes", district_roles_to_province=True, verbosity=0)
    province = district.parent
    assert scope_of(coordinator).can_coordinate(province.pk)
    new = set(Commune.objects.current(ON).filter(parent=province).values_list("pk", flat=True))
    assert len(new) == 7
    scope = scope_of(leader)
    assert all(scope.can_read_commune(c) for c in Commune.objects.filter(pk__in=new))
    assert not scope.can_coordinate(province.pk)


def test_a_code_is_unique_among_units_in_force_and_reusable_once_closed(district):
    from django.db import IntegrityError, transaction

    tan_lam = Commune.objects.get(code="25007", parent=district)
    with pytest.raises(IntegrityError), transaction.atomic():
        AdministrativeUnit.objects.create(level="commune", kind="xa", code="25007", name="Khác",
                                          parent=district.parent, valid_from=ON)
    tan_lam.valid_to = datetime.date(2025, 6, 30)
    tan_lam.save(update_fields=["valid_to"])
    AdministrativeUnit.objects.create(level="commune", kind="xa", code="25007", name="Đinh Trang Thượng",
                                      parent=district.parent, valid_from=ON)
    assert AdministrativeUnit.objects.filter(level="commune", code="25007").count() == 2
    # Two closed units may share a code only with different end dates.
    with pytest.raises(IntegrityError), transaction.atomic():
        AdministrativeUnit.objects.create(level="commune", kind="xa", code="25007", name="Cũ hơn",
                                          parent=district, valid_to=datetime.date(2025, 6, 30))


def test_the_merger_file_reads_the_same_from_xlsx(tmp_path):
    import csv

    from openpyxl import Workbook

    from directory.loaders import DATA_DIR

    source = DATA_DIR / "di_linh_area_communes_2025.csv"
    workbook = Workbook()
    sheet = workbook.active
    with source.open(encoding="utf-8") as handle:
        for i, row in enumerate(csv.reader(handle)):
            sheet.append([int(v) if i and j == 0 else v for j, v in enumerate(row)])
    workbook.save(tmp_path / "nq1671.xlsx")
    from_xlsx, on_xlsx = read_merger_file(tmp_path / "nq1671.xlsx")
    from_csv, on_csv = read_merger_file(source)
    assert on_xlsx == on_csv == ON
    assert [(p.code, p.name, p.kind, p.predecessor_codes) for p in from_xlsx] == [
        (p.code, p.name, p.kind, p.predecessor_codes) for p in from_csv]
    assert from_csv[1].code == "25007" and from_csv[1].name == "Đinh Trang Thượng"
    assert from_csv[1].predecessor_codes == ["25007", "25006", "25003"]


def test_a_new_code_may_reuse_the_code_of_a_unit_merged_on_another_row(district):
    plans = [MergerPlan(code="25039", name="Hòa Ninh Mới", kind="xa", predecessor_codes=["25036"], row=2),
             MergerPlan(code="25099", name="Hòa Trung Mới", kind="xa", predecessor_codes=["25039"], row=3)]
    merger_apply(plans=plans, parent=district.parent, on=ON, actor=None, close_empty_parents=False)
    assert Commune.objects.current(ON).get(code="25039").name == "Hòa Ninh Mới"
    assert AdministrativeUnit.objects.get(code="25039", valid_to=datetime.date(2025, 6, 30)).successor.name == (
        "Hòa Trung Mới")
