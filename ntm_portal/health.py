"""Health checks beyond django-health-check's own: the Celery broker when one is configured."""

import dataclasses

from django.conf import settings
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable


@dataclasses.dataclass
class BrokerCheck(HealthCheck):
    """Redis answers a PING when it is the broker; in-process mode has no broker to check."""

    def run(self) -> None:
        if not settings.REDIS_URL:
            return
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
        except redis.RedisError as exc:
            raise ServiceUnavailable("Redis broker unreachable") from exc
