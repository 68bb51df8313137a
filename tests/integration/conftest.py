import os
import socket
from urllib.parse import urlparse

import pytest
from django.db import connection

from tests.conftest import require_service


def _answers(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), 2).close()
        return True
    except OSError:
        return False


@pytest.fixture
def services(transactional_db):
    """PostgreSQL (the test database itself) and Redis, as the processes will see them."""
    require_service(connection.vendor == "postgresql", "PostgreSQL as the test database (DATABASE_URL)")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    parsed = urlparse(redis_url)
    require_service(_answers(parsed.hostname or "127.0.0.1", parsed.port or 6379), f"Redis at {redis_url}")
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    # A Redis database of its own, so that the run never meets another's queue.
    redis_test_url = f"redis://{parsed.hostname or '127.0.0.1'}:{parsed.port or 6379}/13"
    import redis

    redis.Redis.from_url(redis_test_url).flushdb()
    return {"DATABASE_URL": database_url, "REDIS_URL": redis_test_url}
