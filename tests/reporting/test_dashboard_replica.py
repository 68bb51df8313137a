"""The dashboards read their stamp and figures inside replica_reads() (ntm_portal/db_router.py, issue 16)."""

import pytest

from ntm_portal import db_router

pytestmark = pytest.mark.django_db


def test_the_dashboard_builds_its_figures_inside_replica_reads(monkeypatch, login, leader, district, programme,
                                                               action_day):
    """The district dashboard's stamp and figures are the reads sent to the replica; the access scope is not."""
    from reporting import dashboard, figures

    seen = {}
    original_stamp, original_figures = dashboard._day_stamps, figures.commune_figures

    def stamp(*args, **kwargs):
        seen["stamp"] = db_router._wanted.get()
        return original_stamp(*args, **kwargs)

    def commune_figures(*args, **kwargs):
        seen["figures"] = db_router._wanted.get()
        return original_figures(*args, **kwargs)

    monkeypatch.setattr(dashboard, "_day_stamps", stamp)
    monkeypatch.setattr(figures, "commune_figures", commune_figures)
    assert login(leader).get("/tong-quan/").status_code == 200
    assert seen == {"stamp": True, "figures": True}
    assert db_router._wanted.get() is False
