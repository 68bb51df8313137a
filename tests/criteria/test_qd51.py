"""The 2026–2030 set (QĐ 51/2025): criteria first and indicators later, commune groups and their
targets, the set in force by date and unit, a commune directly under the province assessed."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from criteria import services
from criteria.loaders import load_commune_groups, load_criteria_set, load_shipped_sets, load_targets
from criteria.models import CommuneGroup, CriteriaSet, Indicator, IndicatorResult, Target
from criteria.selectors import group_of, set_for, standard_set, targets_for_unit
from directory.models import AdministrativeUnit, Commune
from ntm_portal.models import AuditEntry
from ntm_portal.tabular import TableError
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
IN_FORCE = datetime.date(2026, 2, 15)


@pytest.fixture
def qd51(db):
    load_shipped_sets()
    return CriteriaSet.objects.get(code="QD51-XA")


@pytest.fixture
def merged(district):
    call_command("merge_communes", verbosity=0)
    return {c.code: c for c in Commune.objects.current(IN_FORCE).filter(parent=district.parent)}


def test_the_set_loads_with_its_ten_criteria_first(qd51):
    assert qd51.criteria.count() == 10 and qd51.valid_from == IN_FORCE
    assert list(qd51.criteria.values_list("name", flat=True))[6] == "Khoa học công nghệ và chuyển đổi số"
    # One yes/no line stands for each criterion until its indicators are entered.
    assert sorted(qd51.indicators.values_list("code", flat=True), key=int) == [str(n) for n in range(1, 11)]


def test_the_set_in_force_is_chosen_by_date_and_an_expired_one_is_not_current(qd51, sets):
    assert standard_set(on=datetime.date(2026, 2, 14)).code == "QD318-XA"
    assert standard_set(on=IN_FORCE).code == "QD51-XA"
    assert standard_set("district", datetime.date(2025, 6, 1)).code == "QD320-HUYEN"
    assert standard_set("district", datetime.date(2026, 3, 1)) is None  # QĐ 320 is no longer current
    qd51.delete()
    choice = set_for("commune", datetime.date(2026, 11, 30))
    assert choice.criteria_set.code == "QD318-XA" and not choice.in_force
    assert ("không có hiệu lực ngày 30/11/2026 (áp dụng từ 01/01/2021 đến 14/02/2026). Không có bộ tiêu chí nào "
            "có hiệu lực ngày này") in choice.warning
    assert set_for("commune", datetime.date(2025, 3, 1)).warning == ""


def test_a_province_set_applies_to_its_own_communes_only(qd51, merged, tmp_path):
    province = AdministrativeUnit.objects.get(level="province", code="68")
    other = AdministrativeUnit.objects.create(level="province", kind="tinh", code="01", name="Hà Nội")
    path = tmp_path / "tinh.csv"
    path.write_text("criterion,criterion_name\n1,Quy hoạch\n", encoding="utf-8")
    load_criteria_set(path=path, code="LD-XA-2026", name="Bộ tiêu chí xã của tỉnh", level="commune",
                      valid_from=datetime.date(2026, 3, 1), owner=province)
    hoa_ninh = merged["25036"]
    assert standard_set(on=datetime.date(2026, 4, 1), unit=hoa_ninh).code == "LD-XA-2026"
    assert standard_set(on=datetime.date(2026, 4, 1), unit=other).code == "QD51-XA"
    assert standard_set(on=datetime.date(2026, 4, 1)).code == "QD51-XA"


def test_indicators_entered_later_replace_the_stand_in_and_survive_a_reload(qd51, coordinator):
    criterion = qd51.criteria.get(number=2)
    services.indicator_save(criteria_set=qd51, criterion=criterion, code="2.1", actor=coordinator,
                            name="Tỷ lệ đường xã được nhựa hóa, bê tông hóa", unit_label="%", kind="numeric")
    services.indicator_save(criteria_set=qd51, criterion=criterion, code="2.10", actor=coordinator,
                            name="Chỉ tiêu thứ mười", kind="yes_no")
    codes = list(Indicator.objects.filter(criterion=criterion).values_list("code", flat=True))
    assert codes == ["2.1", "2.10"]  # the stand-in "2" is gone, 2.10 sorts after 2.1
    services.indicator_save(criteria_set=qd51, criterion=criterion, code="2.1", actor=coordinator,
                            name="Tỷ lệ đường xã được cứng hóa", unit_label="%", kind="numeric")
    assert Indicator.objects.get(criteria_set=qd51, code="2.1").name == "Tỷ lệ đường xã được cứng hóa"
    assert AuditEntry.objects.filter(action="criteria_indicator.save").count() == 3
    with pytest.raises(ValidationError, match="phải bắt đầu bằng số tiêu chí 2"):
        services.indicator_save(criteria_set=qd51, criterion=criterion, code="3.1", name="x", actor=coordinator)
    load_shipped_sets()  # re-running the deploy command keeps what the office entered
    assert sorted(Indicator.objects.filter(criterion=criterion).values_list("code", flat=True)) == ["2.1", "2.10"]
    assert Indicator.objects.filter(criteria_set=qd51, code="3").exists()


def test_a_commune_under_the_province_is_assessed_against_its_groups_targets(qd51, merged, tmp_path):
    province = AdministrativeUnit.objects.get(level="province", code="68")
    officer = UserFactory(username="so.nnmt")
    hoa_ninh, di_linh = merged["25036"], merged["25000"]
    i21 = services.indicator_save(criteria_set=qd51, criterion=qd51.criteria.get(number=2), code="2.1",
                                  name="Tỷ lệ đường xã được cứng hóa", unit_label="%", kind="numeric", actor=officer)
    groups = tmp_path / "nhom.csv"
    groups.write_text("commune_code,group,valid_from,decision\n25036,3,15/02/2026,QĐ 100/QĐ-UBND\n"
                      "25000,Nhóm 1,2026-02-15,QĐ 100/QĐ-UBND\n", encoding="utf-8")
    assert load_commune_groups(path=groups, actor=officer) == 2
    assert group_of(hoa_ninh, IN_FORCE) == 3 and group_of(di_linh, IN_FORCE) == 1
    assert group_of(hoa_ninh, datetime.date(2026, 1, 1)) is None
    targets = tmp_path / "muc.csv"
    targets.write_text("indicator,group,target,margin\n2.1,,80,10\n2.1,1,\"95,5\",5\n2.1,3,70,10\n", encoding="utf-8")
    assert load_targets(path=targets, criteria_set=qd51, unit=province, actor=officer) == 3
    assert Target.objects.filter(indicator=i21, unit=province).count() == 3
    assert targets_for_unit(qd51, hoa_ninh, IN_FORCE)[i21.pk].value == Decimal("70")
    assert targets_for_unit(qd51, di_linh, IN_FORCE)[i21.pk].value == Decimal("95.5")
    gia_hiep = merged["25015"]  # no group decided: the target for every commune
    assert targets_for_unit(qd51, gia_hiep, IN_FORCE)[i21.pk].value == Decimal("80")

    assessment = services.assessment_create(criteria_set=qd51, unit=hoa_ninh, as_of=datetime.date(2026, 3, 2),
                                            actor=officer)
    assert assessment.district == province  # the coordinating unit of a commune directly under the province
    services.assessment_results_save(assessment=assessment, actor=officer,
                                     entries=[services.ResultInput(indicator=i21, value=Decimal("75"))])
    result = IndicatorResult.objects.get(assessment=assessment, indicator=i21)
    assert (result.status, result.target_value) == ("met", Decimal("70.00"))  # group 3: ≥ 70
    other = services.assessment_create(criteria_set=qd51, unit=di_linh, as_of=datetime.date(2026, 3, 2), actor=officer)
    services.assessment_results_save(assessment=other, actor=officer,
                                     entries=[services.ResultInput(indicator=i21, value=Decimal("75"))])
    assert IndicatorResult.objects.get(assessment=other).status == "not_met"  # group 1: ≥ 95,5


def test_group_and_target_files_name_their_bad_rows_and_write_nothing(qd51, merged, tmp_path):
    province = AdministrativeUnit.objects.get(level="province", code="68")
    groups = tmp_path / "nhom.csv"
    groups.write_text("commune_code,group,valid_from\n25036,4,2026-02-15\n25039,1,2026-02-15\n25000,2,\n"
                      "25000,1,2026-02-15\n", encoding="utf-8")
    with pytest.raises(TableError) as caught:
        load_commune_groups(path=groups)
    assert caught.value.errors == [
        "Dòng 2: nhóm xã «4» phải là 1, 2 hoặc 3.",
        "Dòng 3: không có xã mã «25039» có hiệu lực ngày 15/02/2026.",  # Hòa Trung merged on 01/07/2025
        "Dòng 4: thiếu ngày bắt đầu (cột valid_from).",
    ]
    assert not CommuneGroup.objects.exists()
    targets = tmp_path / "muc.csv"
    targets.write_text("indicator,group,target\n9.9,1,10\n1,1,10\n", encoding="utf-8")
    with pytest.raises(TableError) as caught:
        load_targets(path=targets, criteria_set=qd51, unit=province)
    assert caught.value.errors == ["Dòng 2: bộ QD51-XA không có chỉ tiêu «9.9».",
                                   "Dòng 3: chỉ tiêu 1 là loại đạt / không đạt, không có mức phải đạt."]
    assert not Target.objects.exists()


def test_a_new_group_closes_the_previous_one(merged, coordinator):
    hoa_ninh = merged["25036"]
    services.commune_group_set(commune=hoa_ninh, group=2, valid_from=IN_FORCE, actor=coordinator)
    services.commune_group_set(commune=hoa_ninh, group=1, valid_from=datetime.date(2028, 1, 1), actor=coordinator)
    assert group_of(hoa_ninh, datetime.date(2027, 12, 31)) == 2 and group_of(hoa_ninh, datetime.date(2028, 1, 1)) == 1
    assert CommuneGroup.objects.get(group=2).valid_to == datetime.date(2027, 12, 31)
    assert AuditEntry.objects.filter(action="commune_group.set").count() == 2


def test_an_assessment_uses_a_set_in_force_on_its_date_and_of_its_own_province(qd51, merged, tmp_path):
    officer = UserFactory(username="xa.moi")
    hoa_ninh = merged["25036"]
    with pytest.raises(ValidationError, match="không áp dụng ngày 01/02/2026"):
        services.assessment_create(criteria_set=qd51, unit=hoa_ninh, as_of=datetime.date(2026, 2, 1), actor=officer)
    other = AdministrativeUnit.objects.create(level="province", kind="tinh", code="01", name="Hà Nội")
    path = tmp_path / "hn.csv"
    path.write_text("criterion,criterion_name\n1,Quy hoạch\n", encoding="utf-8")
    load_criteria_set(path=path, code="HN-XA", name="Bộ của Hà Nội", level="commune", owner=other)
    with pytest.raises(ValidationError, match="là bộ riêng của Tỉnh Hà Nội"):
        services.assessment_create(criteria_set=CriteriaSet.objects.get(code="HN-XA"), unit=hoa_ninh,
                                   as_of=datetime.date(2026, 3, 1), actor=officer)


def test_the_indicators_can_come_later_by_file_too(qd51, tmp_path):
    path = tmp_path / "qd51_chi_tieu.csv"
    rows = ["criterion,criterion_name,indicator,indicator_name,unit,comparator"]
    for number, name in qd51.criteria.values_list("number", "name"):
        if number == 1:
            rows += ['1,Quy hoạch,1.1,"Có quy hoạch chung xã được phê duyệt",,',
                     '1,Quy hoạch,1.2,"Tỷ lệ diện tích được quy hoạch chi tiết",%,>=']
        else:
            rows.append(f'{number},"{name}",,,,')
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = load_criteria_set(path=path, code="QD51-XA", name=qd51.name, level="commune",
                               valid_from=qd51.valid_from, valid_to=qd51.valid_to)
    assert report.removed == 1  # the stand-in "1"
    assert list(Indicator.objects.filter(criteria_set=qd51, criterion__number=1).values_list("code", "kind")) == [
        ("1.1", "yes_no"), ("1.2", "numeric")]
    assert Indicator.objects.filter(criteria_set=qd51).count() == 2 + 9
