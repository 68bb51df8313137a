#!/usr/bin/env bash
# One image, four processes (web, worker, backup, beat). The same script starts them in docker-compose
# and in the CI integration test (tests/integration/test_processes.py), so both run the same way.
set -euo pipefail
cd "$(dirname "$0")/.."
role=${1:-web}
case "$role" in
  web|migrate)
    # A backup before every migration (skipped when nothing is pending or the database is new);
    # if it fails, the web does not start on a half-migrated database. BACKUP_BEFORE_MIGRATE=0 skips it.
    # With several web containers (compose: WEB_REPLICAS) the one-shot `migrate` service does this once
    # and the web containers start with RUN_MIGRATIONS=0.
    if [ "$role" = "migrate" ] || [ "${RUN_MIGRATIONS:-1}" != "0" ]; then
      if [ "${BACKUP_BEFORE_MIGRATE:-1}" != "0" ]; then
        python manage.py backup --before-migrate
      fi
      python manage.py migrate --noinput
      python manage.py setup_schedule
    fi
    [ "$role" = "migrate" ] && exit 0
    exec gunicorn ntm_portal.wsgi:application \
      --bind "${BIND:-0.0.0.0:8000}" --workers "${WEB_CONCURRENCY:-3}" --timeout 120 \
      --access-logfile - --forwarded-allow-ips "*"
    ;;
  worker)
    # CELERY_QUEUES: the queues this pool takes (compose: `worker` the default queue, `worker-rollups`
    # the roll-ups' queue ROLLUP_QUEUE); several pools may listen on the same queue.
    exec celery -A ntm_portal worker --loglevel INFO --concurrency "${CELERY_CONCURRENCY:-2}" \
      --queues "${CELERY_QUEUES:-celery}" --hostname "${CELERY_HOSTNAME:-worker}@%h"
    ;;
  backup)
    # The nightly backup's own worker (queue BACKUP_QUEUE): one job at a time, never beside the roll-ups.
    exec celery -A ntm_portal worker --loglevel INFO --concurrency 1 --queues "${BACKUP_QUEUE:-backups}" \
      --hostname "backup@%h"
    ;;
  beat)
    exec celery -A ntm_portal beat --loglevel INFO \
      --scheduler django_celery_beat.schedulers:DatabaseScheduler --pidfile=
    ;;
  *)
    exec "$@"
    ;;
esac
