"""The read-replica router (issue 16): dashboards' reads go to the replica only when one is configured,
only inside replica_reads(); writes, migrations and everything else stay on the primary."""

import pytest
from django.test import override_settings

from campaigns.models import DayReport
from ntm_portal.db_router import ReplicaRouter, reading_from_replica, replica_reads

router = ReplicaRouter()


@override_settings(DATABASE_REPLICA_ENABLED=True)
def test_reads_inside_go_to_the_replica_and_writes_never():
    assert router.db_for_read(DayReport) == "default"
    with replica_reads():
        assert router.db_for_read(DayReport) == "replica"
        assert router.db_for_write(DayReport) == "default"
        with replica_reads():  # nested
            assert router.db_for_read(DayReport) == "replica"
        assert router.db_for_read(DayReport) == "replica"
    assert router.db_for_read(DayReport) == "default"


@override_settings(DATABASE_REPLICA_ENABLED=False)
def test_without_a_replica_everything_reads_the_primary():
    with replica_reads():
        assert not reading_from_replica()
        assert router.db_for_read(DayReport) == "default"


def test_the_replica_is_never_migrated():
    assert router.allow_migrate("default", "campaigns") is True
    assert router.allow_migrate("replica", "campaigns") is False


def test_an_error_inside_leaves_the_primary_for_what_follows():
    with override_settings(DATABASE_REPLICA_ENABLED=True):
        with pytest.raises(ValueError), replica_reads():
            raise ValueError
        assert router.db_for_read(DayReport) == "default"


def test_the_settings_add_the_replica_only_with_its_url(monkeypatch):
    """base.py reads DATABASE_REPLICA_URL: the replica alias and the router come with it, a test mirror of default."""
    import importlib
    import sys

    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://ntm@replica:5432/ntm")
    monkeypatch.setenv("DATABASE_URL", "postgres://ntm@postgres:5432/ntm")
    sys.modules.pop("ntm_portal.settings.base", None)
    try:
        base = importlib.import_module("ntm_portal.settings.base")
        assert base.DATABASE_REPLICA_ENABLED is True
        assert base.DATABASES["replica"]["HOST"] == "replica"
        assert base.DATABASES["replica"]["TEST"] == {"MIRROR": "default"}
        assert base.DATABASE_ROUTERS == ["ntm_portal.db_router.ReplicaRouter"]
        monkeypatch.delenv("DATABASE_REPLICA_URL")
        sys.modules.pop("ntm_portal.settings.base", None)
        base = importlib.import_module("ntm_portal.settings.base")
        assert "replica" not in base.DATABASES and not base.DATABASE_REPLICA_ENABLED
    finally:
        sys.modules.pop("ntm_portal.settings.base", None)
