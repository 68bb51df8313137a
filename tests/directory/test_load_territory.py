"""load_territory: good files, bad files (row-numbered errors, nothing loaded), re-runs, XLSX."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from directory.loaders import DI_LINH, load_territory
from directory.models import AdministrativeUnit, Commune, HouseholdCount, Village
from ntm_portal.models import AuditEntry
from ntm_portal.tabular import TableError

pytestmark = pytest.mark.django_db

COMMUNES = "gso_code,name,kind,ntm_status_2021,notes\n90001,Thử Một,xa,dat_chuan,\n90002,Thử Hai,thi_tran,,\n"
VILLAGES = "commune_code,village_name,kind,households\n90001,Thôn 1,thon,120\n90001,Thôn 2,thon,80\n90002,Tổ dân phố 1,to_dan_pho,300\n"


def _load(tmp_path, communes=COMMUNES, villages=VILLAGES, suffix=".csv"):
    c = tmp_path / f"communes{suffix}"
    v = tmp_path / f"villages{suffix}"
    c.write_text(communes, encoding="utf-8")
    v.write_text(villages, encoding="utf-8")
    return load_territory(communes_file=c, villages_file=v, province_code="99", province_name="Tỉnh Thử",
                          district_code="999", district_name="Huyện Thử",
                          households_as_of=datetime.date(2024, 1, 1))


def test_the_shipped_di_linh_files_give_19_communes_and_183_villages():
    # conftest loaded them once for the session
    communes = Commune.objects.filter(parent__code="679")
    assert communes.count() == 19
    assert communes.filter(kind="thi_tran").get().name == "Di Linh"
    assert communes.get(code="25036").ntm_status == "kieu_mau"  # Hòa Ninh, model NTM commune
    villages = Village.objects.filter(parent__parent__code="679")
    assert villages.count() == 183
    total = sum(HouseholdCount.objects.filter(village__in=villages).values_list("households", flat=True))
    assert 44_000 <= total <= 46_000
    assert villages.filter(is_demo=False).count() == 0  # the demo list says it is demo data


def test_a_good_file_loads_the_tree(tmp_path):
    reports = _load(tmp_path)
    assert reports["units"].created == 2 + 2 + 3  # province, district, 2 communes, 3 villages
    one = Commune.objects.get(code="90001")
    assert one.parent.code == "999" and one.parent.parent.code == "99"
    assert one.full_name == "Xã Thử Một"
    assert Commune.objects.get(code="90002").full_name == "Thị trấn Thử Hai"
    assert sorted(Village.objects.filter(parent=one).values_list("name", flat=True)) == ["Thôn 1", "Thôn 2"]
    counts = HouseholdCount.objects.filter(village__parent=one).order_by("households")
    assert [(c.households, c.as_of) for c in counts] == [(80, datetime.date(2024, 1, 1)), (120, datetime.date(2024, 1, 1))]
    assert AuditEntry.objects.filter(action="territory.load", target_repr="Huyện Thử").count() == 1


def test_a_rerun_changes_nothing_and_an_update_updates(tmp_path):
    _load(tmp_path)
    before = AdministrativeUnit.objects.count()
    again = _load(tmp_path)
    assert (again["units"].created, again["units"].updated, again["units"].unchanged) == (0, 0, 7)
    assert AdministrativeUnit.objects.count() == before
    # nothing changed: no new audit row
    assert AuditEntry.objects.filter(action="territory.load", target_repr="Huyện Thử").count() == 1
    changed = _load(tmp_path, villages=VILLAGES.replace("Thôn 2,thon,80", "Thôn 2,thon,95"))
    assert changed["households"].updated == 1
    assert HouseholdCount.objects.get(village__name="Thôn 2", village__parent__code="90001").households == 95


def test_a_bad_file_names_every_bad_row_and_loads_nothing(tmp_path):
    units_before = AdministrativeUnit.objects.count()
    bad_communes = COMMUNES + "9000X,Thử Ba,xa,,\n90001,Trùng Mã,xa,,\n90004,,phuong_lạ,hang_ba,\n"
    bad_villages = VILLAGES + "90009,Thôn 9,thon,10\n90001,Thôn 1,thon,5\n90002,Tổ 2,to_dan_pho,-3\n"
    with pytest.raises(TableError) as caught:
        _load(tmp_path, bad_communes, bad_villages)
    errors = "\n".join(caught.value.errors)
    assert "Dòng 4, cột gso_code: mã “9000X” phải là số." in errors
    assert "Dòng 5, cột gso_code: mã 90001 trùng với dòng 2." in errors
    assert "Dòng 6, cột name: thiếu tên xã." in errors
    assert "Dòng 6, cột kind: loại “phuong_lạ” không hợp lệ." in errors
    assert "Dòng 6, cột ntm_status_2021" in errors
    assert "Dòng 5, cột commune_code: không có xã mã “90009”." in errors
    assert "Dòng 6, cột village_name: “Thôn 1” trùng với dòng 2." in errors
    assert "Dòng 7, cột households: số hộ “-3” phải là số nguyên không âm." in errors
    assert AdministrativeUnit.objects.count() == units_before


def test_missing_columns_and_wrong_format_are_said_plainly(tmp_path):
    with pytest.raises(TableError) as caught:
        _load(tmp_path, communes="ma,ten\n1,a\n")
    assert "thiếu cột" in caught.value.errors[0]
    path = tmp_path / "x.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(TableError) as caught:
        load_territory(communes_file=path, villages_file=None, province_code="99", province_name="T",
                       district_code="999", district_name="H", households_as_of=datetime.date.today())
    assert "chỉ nhận tệp .csv (UTF-8) hoặc .xlsx" in caught.value.errors[0]


def test_xlsx_with_vietnamese_headers_in_any_order(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Tên xã", "Loại", "Mã xã"])
    ws.append(["Thử Một", "xa", 90001])
    wb.save(tmp_path / "communes.xlsx")
    wb = Workbook()
    ws = wb.active
    ws.append(["Số hộ dân", "Tên thôn", "Mã xã", "Loại"])
    ws.append([150, "Bon Thử", 90001, "thon"])
    wb.save(tmp_path / "villages.xlsx")
    load_territory(communes_file=tmp_path / "communes.xlsx", villages_file=tmp_path / "villages.xlsx",
                   province_code="99", province_name="T", district_code="999", district_name="H",
                   households_as_of=datetime.date(2024, 6, 1))
    village = Village.objects.get(parent__code="90001")
    assert village.name == "Bon Thử"
    assert village.household_counts.get().households == 150


def test_command_reports_counts_and_fails_cleanly(tmp_path, capsys):
    call_command("load_territory")
    out = capsys.readouterr().out
    assert "thêm mới 0" in out and "không đổi 204" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("gso_code,name,kind\nabc,,xa\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("load_territory", communes=str(bad), no_villages=True)
    assert "Không nạp gì cả" in str(caught.value) and "Dòng 2" in str(caught.value)
    assert DI_LINH["communes"].exists()


# --- units with kind, parent, validity and successor (the 2025 reform as data) ----------------

REFORM = (
    "gso_code,name,kind,parent_code,valid_from,valid_to,successor_code\n"
    "97,Thử Mới,tinh,,,,\n"
    "970,Huyện Cũ,huyen,97,,2025-06-30,\n"
    "97001,Một,xa,970,,2025-06-30,97001\n"
    "97002,Hai,thi_tran,970,,2025-06-30,97001\n"
    "97001,Một Hai,xa,97,2025-07-01,,\n"      # reuses the code of Một, directly under the province
    "97009,Côn Đảo Thử,dac_khu,97,2025-07-01,,\n"
)


def _units(tmp_path, text, name="units.csv", **kwargs):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    args = {"province_code": "", "province_name": "", "district_code": "", "district_name": ""} | kwargs
    return load_territory(communes_file=path, villages_file=None, households_as_of=datetime.date(2024, 1, 1), **args)


def test_a_units_file_holds_the_reform_communes_under_the_province_and_a_reused_code(tmp_path):
    report = _units(tmp_path, REFORM)
    assert report["units"].created == 6
    province = AdministrativeUnit.objects.get(level="province", code="97")
    new = AdministrativeUnit.objects.get(code="97001", valid_from=datetime.date(2025, 7, 1))
    old = AdministrativeUnit.objects.get(code="97001", valid_to=datetime.date(2025, 6, 30))
    assert new.parent == province and new.full_name == "Xã Một Hai"
    assert old.name == "Một" and old.parent.name == "Huyện Cũ" and old.successor == new
    assert AdministrativeUnit.objects.get(code="97002").successor == new
    assert AdministrativeUnit.objects.get(code="97009").full_name == "Đặc khu Côn Đảo Thử"
    assert not AdministrativeUnit.objects.filter(name="").exists()
    assert not AdministrativeUnit.objects.filter(level="district", valid_to__isnull=True, parent=province).exists()
    again = _units(tmp_path, REFORM)
    assert (again["units"].created, again["units"].updated, again["units"].unchanged) == (0, 0, 6)


def test_a_units_file_as_xlsx(tmp_path):
    wb = Workbook()
    ws = wb.active
    for line in REFORM.strip().splitlines():
        ws.append(line.split(","))
    wb.save(tmp_path / "units.xlsx")
    load_territory(communes_file=tmp_path / "units.xlsx", villages_file=None, province_code="", province_name="",
                   district_code="", district_name="", households_as_of=datetime.date(2024, 1, 1))
    assert AdministrativeUnit.objects.get(code="97001", valid_from=datetime.date(2025, 7, 1)).parent.code == "97"


def test_a_bad_units_file_is_refused_whole_with_row_numbers_never_an_integrity_error(tmp_path):
    _units(tmp_path, REFORM)
    before = list(AdministrativeUnit.objects.order_by("pk").values_list("pk", "name", "valid_to", "successor_id"))
    bad = (
        "gso_code,name,kind,parent_code,valid_from,valid_to,successor_code\n"
        "97002,Hai Mới,xa,97,2026-01-01,,\n"              # 2: Hai is closed: fine to reuse … (valid)
        "97001,Một Hai Ba,xa,97,2026-01-01,,\n"            # 3: 97001 is in force (Một Hai) and not closed here
        "97003,Ba,xa,99,,,\n"                              # 4: no parent 99
        "97004,Bốn,xa,97,2026-02-01,2026-01-01,\n"         # 5: ends before it starts
        "97005,Năm,xa,97,,2026-01-01,97777\n"              # 6: no successor 97777
        "97006,Sáu,xa,97,,,97001\n"                        # 7: successor without end date
        "97007,Bảy,xa,,,,\n"                               # 8: no parent and no default
        "97008,Hai Mới,xa,97,2026-01-01,,\n"               # 9: same name as row 2 under the same parent
    )
    with pytest.raises(TableError) as caught:
        _units(tmp_path, bad)
    errors = "\n".join(caught.value.errors)
    assert "Dòng 3, cột gso_code: mã 97001 đang là mã của Xã Một Hai" in errors
    assert "Dòng 4, cột parent_code: không có đơn vị cấp trên mã “99”" in errors
    assert "Dòng 5, cột valid_to: ngày hết hiệu lực 01/01/2026 trước ngày có hiệu lực 01/02/2026." in errors
    assert "Dòng 7, cột valid_to: đơn vị đã sáp nhập vào đơn vị mã 97001 phải có ngày hết hiệu lực." in errors
    assert "Dòng 8, cột parent_code: thiếu mã đơn vị trực thuộc" in errors
    assert "Dòng 9, cột name: “Hai Mới” trùng tên với dòng 2" in errors
    assert "Dòng 2" not in errors.replace("dòng 2", "")
    assert list(AdministrativeUnit.objects.order_by("pk").values_list("pk", "name", "valid_to", "successor_id")) == before
    with pytest.raises(TableError) as caught:
        _units(tmp_path, "gso_code,name,kind,parent_code,valid_from,valid_to,successor_code\n"
                         "97005,Năm,xa,97,,2026-01-01,97777\n")
    assert caught.value.errors == ["Dòng 2, cột successor_code: không có đơn vị mã “97777” có hiệu lực ngày "
                                   "02/01/2026 (trong tệp hoặc đã nạp)."]


def test_no_nameless_district_and_the_old_district_file_under_a_new_code_is_refused_plainly(tmp_path):
    with pytest.raises(TableError) as caught:
        _units(tmp_path, COMMUNES, province_code="99", province_name="Tỉnh Thử", district_code="998")
    assert caught.value.errors == ["Chưa có huyện mã 998: cần ghi tên huyện (hoặc bỏ mã huyện để các xã trực "
                                   "thuộc tỉnh)."]
    # No district code: the communes go directly under the province.
    _units(tmp_path, COMMUNES, province_code="99", province_name="Tỉnh Thử")
    assert Commune.objects.get(code="90001").parent.code == "99"
    assert not AdministrativeUnit.objects.filter(level="district", name__in=["", "Huyện "]).exists()


def test_reloading_the_district_files_after_the_merger_changes_nothing(district):
    call_command("merge_communes", verbosity=0)
    units = AdministrativeUnit.objects.count()
    report = load_territory(communes_file=DI_LINH["communes"], villages_file=DI_LINH["villages"],
                            province_code="68", province_name="Lâm Đồng", district_code="679",
                            district_name="Di Linh", households_as_of=datetime.date(2023, 1, 1))
    assert (report["units"].created, report["units"].updated) == (0, 0)
    assert AdministrativeUnit.objects.count() == units
    assert Commune.objects.get(code="25036", valid_from__isnull=True).valid_to == datetime.date(2025, 6, 30)


def test_a_units_file_that_closes_communes_into_a_successor_carries_their_villages(tmp_path):
    from directory.models import UnitMove

    before = ("gso_code,name,kind,parent_code\n97,Thử Mới,tinh,\n970,Huyện Cũ,huyen,97\n"
              "97001,Một,xa,970\n97002,Hai,xa,970\n")
    villages = tmp_path / "thon.csv"
    villages.write_text("commune_code,village_name,kind,households\n97001,Thôn 1,thon,100\n97002,Thôn 1,thon,90\n"
                        "97002,Thôn 2,thon,80\n", encoding="utf-8")
    units = tmp_path / "units.csv"
    units.write_text(before, encoding="utf-8")
    load_territory(communes_file=units, villages_file=villages, province_code="", province_name="", district_code="",
                   district_name="", households_as_of=datetime.date(2024, 1, 1))
    report = _units(tmp_path, REFORM)
    new = AdministrativeUnit.objects.get(code="97001", valid_from=datetime.date(2025, 7, 1))
    assert sorted(Village.objects.filter(parent=new).values_list("name", flat=True)) == [
        "Thôn 1", "Thôn 1 (Hai)", "Thôn 2"]
    assert UnitMove.objects.filter(to_parent=new, on=datetime.date(2025, 7, 1)).count() == 3
    assert [m.villages_moved for m in report["merged"]] == [3]
    assert AuditEntry.objects.filter(action="territory.merge", target_id=str(new.pk)).count() == 1
    again = _units(tmp_path, REFORM)
    assert again["merged"] == [] and UnitMove.objects.count() == 3
