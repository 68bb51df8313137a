"""load_criteria: the shipped sets, a bad file (nothing loaded), a re-run (nothing duplicated), XLSX."""

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from criteria.models import Certainty, CriteriaSet, Criterion, Indicator, IndicatorKind, IndicatorResult
from ntm_portal.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_shipped_sets_load_19_criteria_56_indicators_and_the_9_district_criteria():
    call_command("load_criteria", verbosity=0)
    xa = CriteriaSet.objects.get(code="QD318-XA")
    huyen = CriteriaSet.objects.get(code="QD320-HUYEN")
    assert (xa.level, huyen.level) == ("commune", "district")
    assert xa.criteria.count() == 19
    assert xa.indicators.count() == 56
    assert huyen.criteria.count() == 9
    # A criteria-only file gets one yes/no indicator per criterion, named like it.
    assert huyen.indicators.count() == 9
    nine = Indicator.objects.get(criteria_set=huyen, code="9")
    assert nine.kind == IndicatorKind.YES_NO and nine.name.startswith("Hệ thống chính trị")
    i31 = Indicator.objects.get(criteria_set=xa, code="3.1")
    assert (i31.kind, i31.unit_label, i31.certainty, i31.certainty_note) == ("numeric", "%", Certainty.CONFIRMED, "≥80%")
    i11 = Indicator.objects.get(criteria_set=xa, code="1.1")
    assert (i11.kind, i11.certainty) == (IndicatorKind.YES_NO, Certainty.DRAFT)
    # 17.10 sorts after 17.9
    codes = list(xa.indicators.filter(criterion__number=17).values_list("code", flat=True))
    assert codes[-3:] == ["17.10", "17.11", "17.12"]


def test_rerun_changes_nothing():
    call_command("load_criteria", verbosity=0)
    audits = AuditEntry.objects.filter(action="criteria_set.load").count()
    call_command("load_criteria", verbosity=0)
    # QĐ 318, QĐ 320, QĐ 51 (criteria only, one line each) and the model residential area standards (7, 12)
    assert CriteriaSet.objects.count() == 4
    assert Criterion.objects.count() == 28 + 10 + 7
    assert Indicator.objects.count() == 65 + 10 + 12
    assert AuditEntry.objects.filter(action="criteria_set.load").count() == audits
    assert AuditEntry.objects.filter(action="model_area.standard_leads_load").count() == 1


def test_bad_file_loads_nothing_and_names_each_row(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "criterion,criterion_name,indicator,indicator_name,unit,comparator\n"
        "1,Quy hoạch,1.1,Có quy hoạch,,\n"
        "x,Giao thông,2.1,Đường xã,%,\n"
        "2,Giao thông,3.1,Đường thôn,%,\n"
        "3,Thủy lợi,3.1,Tưới tiêu,%,>>\n"
        "1,Quy hoạch,1.1,Trùng mã,,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as exc:
        call_command("load_criteria", str(bad), set_code="NC", name="Nâng cao", level="commune")
    text = str(exc.value)
    assert "Dòng 3: số tiêu chí «x»" in text
    assert "Dòng 4: mã chỉ tiêu «3.1» phải bắt đầu bằng số tiêu chí 2" in text
    assert "Dòng 5: phép so sánh «>>»" in text
    assert "Dòng 6: chỉ tiêu 1.1 đã có ở dòng 2" in text
    assert not CriteriaSet.objects.exists()
    assert not Criterion.objects.exists()


def test_missing_column_is_reported(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("so,ten\n1,Quy hoạch\n", encoding="utf-8")
    with pytest.raises(CommandError, match="thiếu cột"):
        call_command("load_criteria", str(bad), set_code="NC", name="Nâng cao", level="commune")


def test_file_needs_set_code_name_and_level(tmp_path):
    with pytest.raises(CommandError, match="--set-code, --name, --level"):
        call_command("load_criteria", str(tmp_path / "x.csv"))


def test_xlsx_with_vietnamese_headers_and_reload_updates_wording(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Tiêu chí", "Tên tiêu chí", "Mã chỉ tiêu", "Nội dung chỉ tiêu", "Đơn vị tính", "Loại", "So sánh"])
    sheet.append([1, "Thôn kiểu mẫu", "1.1", "Tỷ lệ hộ đạt gia đình văn hóa", "%", "numeric", ">="])
    sheet.append([1, "Thôn kiểu mẫu", "1.2", "Có nhà văn hóa", None, None, None])
    sheet.append([2, "Nghèo", 2, "Tỷ lệ hộ nghèo", "%", None, "<="])
    path = tmp_path / "thon.xlsx"
    book.save(path)
    call_command("load_criteria", str(path), set_code="THON-KM", name="Thôn kiểu mẫu", level="village", tier="model",
                 verbosity=0)
    s = CriteriaSet.objects.get(code="THON-KM")
    assert (s.level, s.tier) == ("village", "model")
    assert list(s.indicators.values_list("code", "kind", "comparator")) == [
        ("1.1", "numeric", "gte"), ("1.2", "yes_no", "gte"), ("2", "numeric", "lte")]
    sheet["D2"] = "Tỷ lệ hộ gia đình văn hóa (sửa)"
    sheet.delete_rows(3)
    book.save(path)
    call_command("load_criteria", str(path), set_code="THON-KM", name="Thôn kiểu mẫu", level="village", verbosity=0)
    assert list(s.indicators.values_list("code", flat=True)) == ["1.1", "2"]
    assert s.indicators.get(code="1.1").name == "Tỷ lệ hộ gia đình văn hóa (sửa)"


def test_indicator_with_results_cannot_be_dropped(tmp_path, coordinator, hoa_ninh):
    from criteria import services

    path = tmp_path / "a.csv"
    path.write_text("criterion,criterion_name,indicator,indicator_name\n1,A,1.1,X\n1,A,1.2,Y\n", encoding="utf-8")
    call_command("load_criteria", str(path), set_code="T", name="T", level="commune", verbosity=0)
    s = CriteriaSet.objects.get(code="T")
    a = services.assessment_create(criteria_set=s, unit=hoa_ninh, as_of=__import__("datetime").date(2024, 1, 1),
                                   actor=coordinator)
    IndicatorResult.objects.create(assessment=a, indicator=s.indicators.get(code="1.2"), status="met")
    path.write_text("criterion,criterion_name,indicator,indicator_name\n1,A,1.1,X\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1.2 đã có kết quả"):
        call_command("load_criteria", str(path), set_code="T", name="T", level="commune", verbosity=0)
    assert s.indicators.count() == 2
