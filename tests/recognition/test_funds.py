"""Village funds: balances for any sequence of entries (property-based), the rules of an entry, the form
with Vietnamese numbers and a receipt photo, double submit, totals per commune, the public statement."""

import datetime
import io
import uuid
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm_portal.models import AuditEntry
from recognition.models import EntryDirection, EntryKind, FundEntry, FundSource
from recognition.selectors.funds import fund_totals, village_balances, village_ledger
from recognition.services.funds import EntryInput, fund_entry_add
from tests.pdf_checks import check_document
from tests.recognition.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db

DAY = datetime.date(2023, 5, 1)


def _add(village, actor, direction, amount, *, kind=EntryKind.MONEY, source=FundSource.HOUSEHOLDS, on=DAY,
         days=None, description="Đóng góp làm đường"):
    return fund_entry_add(village=village, actor=actor, data=EntryInput(
        direction=direction, kind=kind, source=source if direction == EntryDirection.CONTRIBUTION else "",
        on=on, amount=Decimal(amount), working_days=days, description=description))


entry = st.tuples(
    st.sampled_from([EntryDirection.CONTRIBUTION, EntryDirection.SPENDING]),
    st.sampled_from(EntryKind.values), st.sampled_from(FundSource.values),
    st.integers(min_value=1, max_value=10**12), st.integers(min_value=0, max_value=400),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(entry, max_size=12))
def test_the_balance_is_contributions_less_spending_for_any_sequence(village, hoa_ninh, commune_officer, entries):
    FundEntry.objects.filter(village=village).delete()  # examples share the test's transaction
    for direction, kind, source, amount, day in entries:
        _add(village, commune_officer, direction, amount, kind=kind, source=source,
             on=datetime.date(2023, 1, 1) + datetime.timedelta(days=day),
             days=Decimal("2.5") if kind == EntryKind.LABOUR else None)
    contributions = sum(a for d, _k, _s, a, _ in entries if d == EntryDirection.CONTRIBUTION)
    spending = sum(a for d, _k, _s, a, _ in entries if d == EntryDirection.SPENDING)
    [balance] = village_balances([village])
    assert (balance.contributions, balance.spending, balance.balance) == (
        contributions, spending, contributions - spending)
    ledger = village_ledger(village)
    assert ledger.closing == contributions - spending
    assert (ledger.lines[-1].balance if ledger.lines else Decimal(0)) == contributions - spending
    # any cut of the period: opening + period's movement = closing
    cut = datetime.date(2023, 7, 1)
    first, second = village_ledger(village, None, cut - datetime.timedelta(days=1)), village_ledger(village, cut, None)
    assert second.opening == first.closing and second.closing == contributions - spending
    totals = fund_totals([hoa_ninh.pk], datetime.date(2023, 1, 1), datetime.date(2024, 12, 31))[hoa_ninh.pk]
    assert totals["contributions"] - totals["spending"] == totals["balance_change"] == contributions - spending


def test_the_rules_of_an_entry(village, commune_officer):
    with pytest.raises(ValidationError) as error:
        _add(village, commune_officer, EntryDirection.CONTRIBUTION, 100, source="")
    assert "source" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        _add(village, commune_officer, EntryDirection.CONTRIBUTION, 0, kind=EntryKind.LABOUR)
    assert "working_days" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        _add(village, commune_officer, EntryDirection.SPENDING, 100, on=datetime.date.today() + datetime.timedelta(1))
    assert "on" in error.value.error_dict
    assert FundEntry.objects.count() == 0
    labour = _add(village, commune_officer, EntryDirection.CONTRIBUTION, 0, kind=EntryKind.LABOUR, days=Decimal("12.5"))
    assert labour.working_days == Decimal("12.5") and labour.amount == 0
    spending = _add(village, commune_officer, EntryDirection.SPENDING, 300_000, source=FundSource.BUSINESSES)
    assert spending.source == ""  # a spending has no source
    assert AuditEntry.objects.filter(action="village_fund.entry_add").count() == 2


def test_a_commune_officer_records_a_contribution_typed_the_vietnamese_way_with_a_photo(
        login, village, commune_officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    token = uuid.uuid4()
    data = {"direction": "in", "kind": "money", "source": "benefactors", "on": "01/05/2023",
            "amount": "1.500.000", "description": "Ủng hộ làm đường", "contributor": "Ông Nguyễn Văn A",
            "token": str(token), "receipt": SimpleUploadedFile("bien-lai.jpg", jpeg_bytes(), "image/jpeg")}
    url = reverse("recognition:fund_village", args=[village.pk])
    response = login(commune_officer).post(url, data)
    assert response.status_code == 302
    saved = FundEntry.objects.get()
    assert (saved.amount, saved.source, saved.on, saved.contributor) == (
        Decimal("1500000"), "benefactors", datetime.date(2023, 5, 1), "Ông Nguyễn Văn A")
    assert saved.receipt.name.endswith(".jpg") and saved.receipt_thumbnail
    # the same form sent again (double click, resend): still one entry
    data["receipt"] = SimpleUploadedFile("bien-lai.jpg", jpeg_bytes(), "image/jpeg")
    assert login(commune_officer).post(url, data).status_code == 302
    assert FundEntry.objects.count() == 1
    photo = login(commune_officer).get(reverse("recognition:fund_receipt", args=[saved.pk]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    page = login(commune_officer).get(url + "?tu=01/01/2023&den=31/12/2023").content.decode()
    assert "1.500.000" in page and "Ông Nguyễn Văn A" in page


def test_a_bad_photo_or_an_ambiguous_number_saves_nothing_and_says_why(login, village, commune_officer, settings,
                                                                        tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("recognition:fund_village", args=[village.pk])
    base = {"direction": "in", "kind": "money", "source": "households", "on": "01/05/2023",
            "description": "Đóng góp", "token": str(uuid.uuid4())}
    response = login(commune_officer).post(url, {**base, "amount": "1.500.000",
                                                 "receipt": SimpleUploadedFile("a.jpg", b"not a photo", "image/jpeg")})
    assert response.status_code == 400 and "không phải là ảnh hợp lệ" in response.content.decode()
    response = login(commune_officer).post(url, {**base, "amount": "1,500.000", "token": str(uuid.uuid4())})
    assert response.status_code == 400 and "không rõ là số nào" in response.content.decode()
    assert FundEntry.objects.count() == 0


def test_a_commune_officer_keeps_only_their_villages_ledgers(login, village, other_village, commune_officer,
                                                             other_commune_officer, leader, area_monitor,
                                                             coordinator):
    entry = _add(village, commune_officer, EntryDirection.CONTRIBUTION, 200_000)
    post = {"direction": "in", "kind": "money", "source": "households", "on": "01/05/2023", "amount": "100",
            "description": "x", "token": str(uuid.uuid4())}
    assert login(other_commune_officer).get(reverse("recognition:fund_village", args=[village.pk])).status_code == 404
    assert login(other_commune_officer).post(reverse("recognition:fund_village", args=[village.pk]), post).status_code == 404
    assert login(other_commune_officer).post(reverse("recognition:fund_entry_remove", args=[entry.pk])).status_code == 404
    assert login(commune_officer).get(reverse("recognition:fund_village", args=[other_village.pk])).status_code == 404
    for reader in (leader, area_monitor, coordinator):
        assert login(reader).get(reverse("recognition:fund_village", args=[village.pk])).status_code == 200
        assert login(reader).post(reverse("recognition:fund_village", args=[village.pk]), post).status_code == 403
    assert FundEntry.objects.count() == 1
    assert login(commune_officer).post(reverse("recognition:fund_entry_remove", args=[entry.pk])).status_code == 302
    assert FundEntry.objects.count() == 0


def test_totals_per_commune_for_a_period(village, second_village, other_village, hoa_ninh, gia_bac, commune_officer,
                                         other_commune_officer):
    _add(village, commune_officer, EntryDirection.CONTRIBUTION, 1_000_000, source=FundSource.HOUSEHOLDS)
    _add(second_village, commune_officer, EntryDirection.CONTRIBUTION, 500_000, kind=EntryKind.IN_KIND,
         source=FundSource.BUSINESSES)
    _add(village, commune_officer, EntryDirection.CONTRIBUTION, 300_000, kind=EntryKind.LABOUR,
         source=FundSource.HOUSEHOLDS, days=Decimal("6"))
    _add(village, commune_officer, EntryDirection.SPENDING, 400_000, description="Mua xi măng")
    _add(village, commune_officer, EntryDirection.CONTRIBUTION, 9_000_000, source=FundSource.STATE_BUDGET,
         on=datetime.date(2022, 12, 31))
    _add(other_village, other_commune_officer, EntryDirection.CONTRIBUTION, 50_000)
    totals = fund_totals([hoa_ninh.pk, gia_bac.pk, 999999], datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))
    h = totals[hoa_ninh.pk]
    assert (h["contributions"], h["spending"], h["money"], h["in_kind"], h["labour"], h["working_days"]) == (
        1_800_000, 400_000, 1_000_000, 500_000, 300_000, 6)
    assert (h["source_households"], h["source_businesses"], h["source_state"], h["entries"]) == (
        1_300_000, 500_000, 0, 4)
    assert totals[gia_bac.pk]["contributions"] == 50_000 and totals[999999]["entries"] == 0


def _statement_data(village, officer):
    _add(village, officer, EntryDirection.CONTRIBUTION, 2_000_000, on=datetime.date(2022, 12, 1))
    _add(village, officer, EntryDirection.CONTRIBUTION, 1_500_000, source=FundSource.BENEFACTORS,
         description="Ủng hộ của con em xa quê")
    _add(village, officer, EntryDirection.CONTRIBUTION, 450_000, kind=EntryKind.LABOUR, days=Decimal("7.5"),
         description="Ngày công làm đường")
    _add(village, officer, EntryDirection.SPENDING, 1_200_000, description="Mua xi măng làm đường ngõ xóm")


def test_the_public_statement_pdf_is_one_page_with_the_figures(login, village, commune_officer, leader):
    _statement_data(village, commune_officer)
    response = login(leader).get(reverse("recognition:fund_statement", args=[village.pk, "pdf"]),
                                 {"tu": "01/01/2023", "den": "31/12/2023"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = check_document(response.content, kind_title="BÁO CÁO")
    assert len(pages) == 1
    text = " ".join(pages[0].split())
    assert f"Công khai thu, chi quỹ {village.full_name}" in text
    assert "Số dư đầu kỳ 2.000.000" in text
    assert "Tổng thu trong kỳ 1.950.000" in text
    assert "Số ngày công đóng góp 7,5" in text
    assert "Mua xi măng làm đường ngõ xóm 1.200.000" in text
    assert "Số dư cuối kỳ 2.750.000" in text


def test_the_public_statement_workbook_has_the_same_figures(login, village, commune_officer, area_monitor):
    _statement_data(village, commune_officer)
    response = login(area_monitor).get(reverse("recognition:fund_statement", args=[village.pk, "xlsx"]),
                                       {"tu": "01/01/2023", "den": "31/12/2023"})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in book["Công khai"].iter_rows(min_row=4, values_only=True) if row[0]}
    assert summary["Số dư đầu kỳ"] == 2_000_000 and summary["Tổng thu trong kỳ"] == 1_950_000
    assert summary["Thu từ: Nhà hảo tâm, con em xa quê"] == 1_500_000
    assert summary["Tổng chi trong kỳ"] == 1_200_000 and summary["Số dư cuối kỳ"] == 2_750_000
    ledger = list(book["Sổ quỹ"].iter_rows(min_row=4, values_only=True))
    assert [r[5] for r in ledger[:3]] == ["Ủng hộ của con em xa quê", "Ngày công làm đường",
                                          "Mua xi măng làm đường ngõ xóm"]
    assert ledger[-1][8:11] == (1_950_000, 1_200_000, 2_750_000)
