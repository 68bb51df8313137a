#!/usr/bin/env bash
# One image, three processes (web, worker, beat). The same script starts them in docker-compose
# and in the CI integration test (tests/integration/test_processes.py), so both run the same way.
set -euo pipefail
cd "$(dirname "$0")/.."
role=${1:-web}
case "$role" in
  web)
    python manage.py migrate --noinput
    python manage.py setup_schedule
    exec gunicorn ntm_portal.wsgi:application \
      --bind "${BIND:-0.0.0.0:8000}" --workers "${WEB_CONCURRENCY:-3}" --timeout 120 \
      --access-logfile - --forwarded-allow-ips "*"
    ;;
  worker)
    exec celery -A ntm_portal worker --loglevel INFO --concurrency "${CELERY_CONCURRENCY:-2}" \
      --hostname "worker@%h"
    ;;
  beat)
    exec celery -A ntm_portal beat --loglevel INFO \
      --scheduler django_celery_beat.schedulers:DatabaseScheduler --pidfile=
    ;;
  *)
    exec "$@"
    ;;
esac
