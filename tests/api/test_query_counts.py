"""The API's lists cost a fixed number of queries whatever the data size (as the pages do)."""

import pytest
from django.urls import reverse

from tests.factories import AgencyFactory, AssignmentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _count(django_assert_max_num_queries, api, url, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = api.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_a_day_report_with_its_villages_costs_the_same_for_any_number_of_villages(
        django_assert_max_num_queries, token_client, leader, week, action_day):
    api = token_client(leader)
    api.get(reverse("api:me"))  # the token's last use is written once a minute: not in the counts below
    report = week["reports"]["on_time"]
    url = reverse("api:day_report_detail", args=[report.commune_id, action_day.pk])
    # token, user's memberships, commune, action day, report (day_report_of), report again with its
    # commune, village results with villages, task results with types, the roll call with its agencies
    full = _count(django_assert_max_num_queries, api, url, 10)
    half = list(report.village_results.order_by("pk").values_list("pk", flat=True))[::2]
    report.village_results.filter(pk__in=half).delete()
    assert _count(django_assert_max_num_queries, api, url, 10) == full


def test_the_agency_list_costs_the_same_with_twice_the_agencies(django_assert_max_num_queries, token_client,
                                                                coordinator, district, hoa_ninh, agency):
    api = token_client(coordinator)
    api.get(reverse("api:me"))
    url = reverse("api:agency_list")
    before = _count(django_assert_max_num_queries, api, url, 10)
    for i in range(3):
        extra = AgencyFactory(owner=district, name=f"Phòng thêm {i}")
        AssignmentFactory(agency=extra, commune=hoa_ninh)
        PersonFactory.create_batch(2, agency=extra)
    assert len(api.get(url).json()["results"]) == 4
    assert _count(django_assert_max_num_queries, api, url, 10) == before


def test_the_territory_list_costs_a_fixed_number_of_queries(django_assert_max_num_queries, token_client,
                                                            coordinator, commune_officer):
    # token, memberships, readable communes, parents (twice), count, page
    for user in (coordinator, commune_officer):
        _count(django_assert_max_num_queries, token_client(user), reverse("api:unit_list"), 9)
