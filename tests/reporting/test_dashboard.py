"""Dashboards: the roll-up's numbers, live, for each reader's scope, at a fixed query cost."""

import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from directory.models import Commune, Village
from reporting import dashboard as dash
from reporting.rollup import build_weekly_rollup
from tests.reporting.conftest import SATURDAY

pytestmark = pytest.mark.django_db

DAY = SATURDAY.isoformat()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _board(district, programme, action_day, commune_ids=None, window=12):
    days = dash.past_action_days(programme, today=SATURDAY)
    ids = commune_ids if commune_ids is not None else list(Commune.objects.filter(parent=district).values_list("pk", flat=True))
    return dash.district_dashboard(district=district, programme=programme, days=days, action_day=action_day,
                                   commune_ids=ids, window=window)


def test_dashboard_figures_equal_the_rollup_of_the_same_day(week, district, programme, action_day):
    board = _board(district, programme, action_day)
    rollup = build_weekly_rollup(district=district, action_day=action_day)
    names = ("residents", "households", "households_total", "commune_staff", "teachers", "students",
             "agency_staff_listed", "agency_staff_present", "waste_kg", "waste_m3", "villages_reported",
             "villages_total", "filed_on_time", "filed_late", "not_filed")
    for name in names:
        assert getattr(board.totals, name) == getattr(rollup.totals, name), name
    assert board.totals.participation_rate == rollup.totals.participation_rate
    assert {k: t.quantity for k, t in board.totals.tasks.items()} == {k: t.quantity for k, t in rollup.totals.tasks.items()}
    by_code = {row.figures.commune_code: row.figures for row in board.communes}
    assert len(by_code) == len(rollup.communes) == 19
    for fig in rollup.communes:
        mine = by_code[fig.commune_code]
        assert (mine.filing, mine.residents, mine.households, mine.participation_rate, mine.agency_staff_present) == \
               (fig.filing, fig.residents, fig.households, fig.participation_rate, fig.agency_staff_present)
    assert [v.village_id for v in board.low_villages] == [v.village_id for v in rollup.low_villages]


def test_figures_independently_of_the_selectors(week, district, programme, action_day, hoa_ninh):
    """Recompute Hòa Ninh's figures from its report rows by hand and compare with the page."""
    report = week["reports"]["on_time"]
    results = list(report.village_results.all())
    residents = sum(r.residents for r in results)
    households = sum(r.households for r in results)
    total = sum(r.households_total for r in results)
    board = _board(district, programme, action_day)
    row = next(r for r in board.communes if r.figures.commune_id == hoa_ninh.pk)
    assert (row.figures.residents, row.figures.households, row.figures.households_total) == (residents, households, total)
    assert row.light in (dash.Light.GREEN, dash.Light.AMBER)
    gia_bac = next(r for r in board.communes if r.figures.commune_code == "25051")
    assert gia_bac.light == dash.Light.AMBER  # filed late
    draft = next(r for r in board.communes if r.figures.commune_id == week["draft_commune"].pk)
    assert draft.light == dash.Light.RED and draft.figures.residents == 0


def test_leader_sees_the_district_dashboard_with_the_numbers(login, leader, week, action_day):
    page = login(leader).get(reverse("dashboards:district"), {"ngay": DAY}).content.decode()
    report = week["reports"]["on_time"]
    residents = sum(r.residents for r in report.village_results.all()) + sum(
        r.residents for r in week["reports"]["late"].village_results.all())
    assert "Tổng quan Huyện Di Linh" in page
    assert "2/19" in page  # communes filed
    assert f"{residents:,}".replace(",", ".") in page
    assert "Xã Gia Bắc" in page and "Xã Sơn Điền" in page
    assert "Số liệu của biểu đồ" in page  # every chart has its numbers as a table


def test_the_commune_table_sorts_and_exports(login, coordinator, week, action_day):
    client = login(coordinator)
    page = client.get(reverse("dashboards:district"), {"ngay": DAY, "sap_xep": "-nguoi-dan"}).content.decode()
    first_rows = page[page.find("<tbody>", page.find("Các xã, thị trấn")):]
    assert first_rows.find("Hòa Ninh") < first_rows.find("Sơn Điền") or first_rows.find("Gia Bắc") < first_rows.find("Sơn Điền")
    response = client.get(reverse("dashboards:district"), {"ngay": DAY, "xuat": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A3"].value == "Mã" and ws["B3"].value == "Xã, thị trấn"
    rows = {ws.cell(row=r, column=1).value: r for r in range(4, ws.max_row + 1)}
    hoa_ninh_row = rows["25036"]
    report = week["reports"]["on_time"]
    assert ws.cell(row=hoa_ninh_row, column=6).value == sum(r.residents for r in report.village_results.all())
    assert ws.cell(row=hoa_ninh_row, column=3).value == "Đúng hạn"
    assert ws.freeze_panes == "A4"
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Các xã", "Xu hướng", "Thôn dưới ngưỡng"]
    trend = book["Xu hướng"]
    assert trend["A5"].value.date().isoformat() == DAY  # the previous day, then this one
    low = book["Thôn dưới ngưỡng"]
    assert low.max_row - 3 == len([v for v in low.iter_rows(min_row=4, values_only=True) if v[0]]) >= 1
    assert all(isinstance(r[4], float | int) for r in low.iter_rows(min_row=4, values_only=True))


def test_area_monitor_sees_only_their_communes(login, area_monitor, week, gia_bac, hoa_ninh):
    client = login(area_monitor)
    page = client.get(reverse("dashboards:district"), {"ngay": DAY}).content.decode()
    assert "Tổng quan các xã được phân công theo dõi" in page
    assert "Xã Hòa Ninh" in page and "Xã Hòa Trung" in page
    assert "Xã Gia Bắc" not in page and "Xã Sơn Điền" not in page
    assert "/2<" in page.replace(" ", "")  # x/2 communes filed
    assert client.get(reverse("dashboards:commune", args=[gia_bac.pk])).status_code == 404
    assert client.get(reverse("dashboards:commune", args=[hoa_ninh.pk]), {"ngay": DAY}).status_code == 200
    assert client.get(reverse("dashboards:compliance")).status_code == 403


def test_commune_officer_sees_their_own_commune_only(login, commune_officer, week, hoa_ninh, gia_bac):
    client = login(commune_officer)
    assert client.get(reverse("dashboards:district")).status_code == 403
    assert client.get(reverse("dashboards:commune", args=[hoa_ninh.pk]), {"ngay": DAY}).status_code == 200
    assert client.get(reverse("dashboards:commune", args=[gia_bac.pk])).status_code == 404
    other_village = Village.objects.filter(parent=gia_bac).first()
    assert client.get(reverse("dashboards:village", args=[other_village.pk])).status_code == 404


def test_agency_focal_point_has_no_dashboard(login, focal_point, week, hoa_ninh):
    client = login(focal_point)
    assert client.get(reverse("dashboards:district")).status_code == 403
    # The commune's work is outside an agency's scope (issue 12 A11): 404 like any other commune.
    assert client.get(reverse("dashboards:commune", args=[hoa_ninh.pk])).status_code == 404
    assert client.get(reverse("dashboards:compliance")).status_code == 403
    village = Village.objects.filter(parent=hoa_ninh).first()
    assert client.get(reverse("dashboards:village", args=[village.pk])).status_code == 404
    assert client.get(reverse("dashboards:village", args=[village.pk]), {"xuat": "xlsx"}).status_code == 404


def test_drill_down_to_a_village_history(login, leader, week, hoa_ninh, action_day, previous_day):
    client = login(leader)
    page = client.get(reverse("dashboards:commune", args=[hoa_ninh.pk]), {"ngay": DAY}).content.decode()
    village = Village.objects.filter(parent=hoa_ninh).order_by("name").first()
    assert reverse("dashboards:village", args=[village.pk]) in page
    history = client.get(reverse("dashboards:village", args=[village.pk])).content.decode()
    this_week = week["reports"]["on_time"].village_results.get(village=village)
    last_week = week["reports"]["previous"].village_results.get(village=village)
    assert "15/03/2025" in history and "08/03/2025" in history
    assert f">{this_week.households}/{this_week.households_total}<" in history
    assert f">{last_week.households}/{last_week.households_total}<" in history
    assert "sửa cầu" in history  # its proposal


def test_compliance_lists_agencies_for_the_inspection_committee(login, inspector, week, agency, other_agency):
    client = login(inspector)
    page = client.get(reverse("dashboards:compliance"), {"ngay": DAY}).content.decode()
    lazy = week["lazy"]
    assert lazy.name in page and other_agency.name in page and agency.name in page
    assert "Không cử người" in page and "Chưa gửi" in page
    # agencies that sat out the longest come first: the lazy one missed both weeks
    assert page.find(lazy.name) < page.find(agency.name)
    for person in agency.staff.all():  # no personal data on this page
        assert person.phone not in page and person.full_name not in page
    response = client.get(reverse("dashboards:compliance"), {"ngay": DAY, "xuat": "xlsx"})
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = {ws.cell(row=r, column=1).value: r for r in range(4, ws.max_row + 1)}
    assert ws.cell(row=rows[lazy.name], column=11).value == 2  # weeks in a row without taking part
    assert ws.cell(row=rows[other_agency.name], column=7).value == 1  # sent nobody


def test_compliance_filters_by_kind_and_commune(login, coordinator, week, gia_bac, agency, other_agency):
    client = login(coordinator)
    page = client.get(reverse("dashboards:compliance"), {"ngay": DAY, "xa": gia_bac.pk}).content.decode()
    assert other_agency.name in page and agency.name not in page
    page = client.get(reverse("dashboards:compliance"), {"ngay": DAY, "loai": "school"}).content.decode()
    assert "Không có cơ quan, đơn vị nào phù hợp." in page


def test_the_dashboard_costs_a_fixed_number_of_queries(login, leader, week, django_assert_num_queries, district,
                                                       action_day, programme):
    client = login(leader)
    client.get(reverse("home"))
    # session, user, memberships (scope), district, programme, action days, commune ids,
    # lineage (former communes merged into these: none), stamp: reports + rosters (2),
    # commune figures (9: with the village moves), village figures (8: communes' names, village moves),
    # the filings stamp of the day (3), agency figures for the agencies missing on the first screen (7),
    # the BCĐ's seats of the period (1; their communes and reports only when there are members),
    # the tasks past their deadline (1), village funds of the month and year (1: not cached)
    with django_assert_num_queries(40):
        client.get(reverse("dashboards:district"), {"ngay": DAY})
    # Twice the data (every commune filed on the earlier day too) costs the same.
    cache.clear()
    from tests.reporting.conftest import file_report
    for i, commune in enumerate(Commune.objects.filter(parent=district).exclude(day_reports__action_day=action_day)):
        file_report(commune, action_day, seed=10 + i)
    with django_assert_num_queries(40):
        client.get(reverse("dashboards:district"), {"ngay": DAY})
    # A cached page: session, user, memberships, district, programme, action days, lineage, stamp (2),
    # commune ids, the filings stamp of the day (3: the missing agencies come from the cache),
    # the BCĐ's seats (1), the overdue tasks (1), village funds (1: not cached, an entry shows at once)
    with django_assert_num_queries(16):
        client.get(reverse("dashboards:district"), {"ngay": DAY})


def test_compliance_costs_a_fixed_number_of_queries_and_follows_the_filings(
        login, inspector, week, district, action_day, hoa_ninh, django_assert_num_queries):
    client = login(inspector)
    client.get(reverse("home"))
    cache.clear()
    # session, user, memberships (scope), district, programme, action days, communes of the filter,
    # the filings stamp of the day (3), agency figures (7 with the filed pairs)
    with django_assert_num_queries(17):
        client.get(reverse("dashboards:compliance"), {"ngay": DAY})
    with django_assert_num_queries(10):  # the agency figures (7) come from the cache
        client.get(reverse("dashboards:compliance"), {"ngay": DAY})
    # Twice the data: every other commune files the day; a roster sent changes what the page shows.
    from tests.reporting.conftest import file_report, roster
    for i, commune in enumerate(Commune.objects.filter(parent=district).exclude(day_reports__action_day=action_day)):
        file_report(commune, action_day, seed=30 + i)
    missing_before = client.get(reverse("dashboards:compliance"), {"ngay": DAY}).content.decode().count("Chưa gửi")
    roster(week["lazy"], hoa_ninh, action_day, people=1, present=1)  # the agency that sent nothing sends
    with django_assert_num_queries(17):
        html = client.get(reverse("dashboards:compliance"), {"ngay": DAY}).content.decode()
    assert html.count("Chưa gửi") == missing_before - 1
    with django_assert_num_queries(10):
        client.get(reverse("dashboards:compliance"), {"ngay": DAY})


def test_a_submission_refreshes_the_cached_dashboard(week, district, programme, action_day):
    before = _board(district, programme, action_day)
    from tests.reporting.conftest import file_report
    file_report(Commune.objects.get(code="25048"), action_day, seed=99)
    after = _board(district, programme, action_day)
    assert after.totals.filed == before.totals.filed + 1


def _points(board):
    return {p.day: (p.totals.residents, p.totals.filed, p.participation_rate) for p in board.trend}


def test_filing_this_week_recomputes_only_this_week_of_the_trend(week, district, programme, action_day,
                                                                 previous_day, monkeypatch):
    """The trend's points are cached per day: a filing of the day shown recomputes that day alone, and
    the earlier week's point, served from the cache, equals a recomputation from scratch."""
    before = _board(district, programme, action_day, window=52)
    computed = []
    real = dash.f.commune_figures
    monkeypatch.setattr(dash.f, "commune_figures",
                        lambda **kw: computed.append(sorted(kw["action_day_ids"])) or real(**kw))
    from tests.reporting.conftest import file_report
    file_report(Commune.objects.get(code="25048"), action_day, seed=99)
    after = _board(district, programme, action_day, window=52)
    assert computed == [[action_day.pk]]
    assert after.totals.filed == before.totals.filed + 1
    assert _points(after)[action_day.date] != _points(before)[action_day.date]
    assert _points(after)[previous_day.date] == _points(before)[previous_day.date]
    cache.clear()
    assert _points(_board(district, programme, action_day, window=52)) == _points(after)


def test_a_late_edit_of_an_earlier_week_shows_in_the_trend(week, district, programme, action_day, previous_day):
    board = _board(district, programme, action_day)
    old = week["reports"]["previous"]
    result = old.village_results.order_by("pk").first()
    result.residents += 1000
    result.save()
    old.save()  # the filing page saves the report with its villages (its last change moves)
    after = _board(district, programme, action_day)
    assert _points(after)[previous_day.date][0] == _points(board)[previous_day.date][0] + 1000
    assert _points(after)[action_day.date] == _points(board)[action_day.date]
    # A return of the old week's report takes it out of the figures at once.
    old.status, old.return_comment = old.Status.RETURNED, "Sai số liệu"
    old.save()
    assert _points(_board(district, programme, action_day))[previous_day.date][1] == 0


def test_the_trend_points_of_a_monitor_are_not_the_district_s(week, district, programme, action_day, previous_day,
                                                              gia_bac):
    """Same days, same stamps of the filings, other communes: a point cached for the district is not
    served to a monitor of one commune (and the reverse)."""
    whole = _board(district, programme, action_day)
    mine = _board(district, programme, action_day, commune_ids=[gia_bac.pk])
    assert _points(mine)[action_day.date][0] == sum(r.residents for r in week["reports"]["late"].village_results.all())
    assert _points(mine)[action_day.date] != _points(whole)[action_day.date]
    assert _points(mine)[previous_day.date][1] == 0 and _points(whole)[previous_day.date][1] == 1
    cache.clear()
    assert _points(_board(district, programme, action_day)) == _points(whole)


def test_the_commune_dashboard_costs_a_fixed_number_of_queries(login, leader, week, district, action_day, hoa_ninh,
                                                               django_assert_num_queries):
    client = login(leader)
    client.get(reverse("home"))
    url = reverse("dashboards:commune", args=[hoa_ninh.pk])
    # session, user, memberships, the commune, programme, action days, lineage, stamps of the days (2),
    # commune figures (9), village figures (8: the low villages and the villages' table, kept with the board)
    for window in ("12", "52"):
        cache.clear()
        with django_assert_num_queries(26):
            client.get(url, {"ngay": DAY, "so_tuan": window})
    # Twice the data: the commune files the earlier weeks too, its villages and tasks double.
    from tests.reporting.conftest import file_report
    for i, day in enumerate(action_day.programme.action_days.exclude(day_reports__commune=hoa_ninh)):
        file_report(hoa_ninh, day, seed=50 + i)
    cache.clear()
    with django_assert_num_queries(26):
        page = client.get(url, {"ngay": DAY, "so_tuan": "52"}).content.decode()
    assert "Số liệu của biểu đồ" in page
    # Cached: session, user, memberships, commune, programme, action days, lineage, stamps (2)
    with django_assert_num_queries(9):
        client.get(url, {"ngay": DAY, "so_tuan": "52"})


def test_compliance_follows_a_late_roster_of_an_earlier_week(login, inspector, week, district, previous_day):
    """The eight-week score is cached under the day's filings stamp, which counts the weeks before it."""
    client = login(inspector)
    lazy = week["lazy"]

    def lazy_row(html):
        row = html[html.find(lazy.name):]
        return row[:row.find("</tr>")]

    before = lazy_row(client.get(reverse("dashboards:compliance"), {"ngay": DAY}).content.decode())
    from tests.reporting.conftest import roster
    roster(lazy, week["reports"]["previous"].commune, previous_day, people=1, present=1)
    after = lazy_row(client.get(reverse("dashboards:compliance"), {"ngay": DAY}).content.decode())
    assert before != after
    assert '<td class="num status-bad">2</td>' in before and '<td class="num">1</td>' in after
    cache.clear()
    assert lazy_row(client.get(reverse("dashboards:compliance"), {"ngay": DAY}).content.decode()) == after
