# Production image: web (gunicorn), Celery worker and beat all run from it (docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=ntm_portal.settings.production

# WeasyPrint needs Pango; documents use Liberation Serif (Times New Roman metrics); gettext for .mo files;
# postgresql-client (15 on bookworm, the server's version) for pg_dump/pg_restore and age to encrypt backups;
# tesseract-ocr(-vie) and poppler-utils (pdftoppm): the document library reads scanned papers (library/extraction.py).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2 gettext curl \
    postgresql-client age tesseract-ocr tesseract-ocr-vie poppler-utils \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt constraints-build.txt ./
RUN PIP_CONSTRAINT=/app/constraints-build.txt pip install -r requirements.txt

COPY . .
# collectstatic needs settings but no real secrets or database.
RUN export DJANGO_SECRET_KEY="build-only-$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')" \
           DATABASE_URL=sqlite:////tmp/build.db \
 && python manage.py collectstatic --noinput \
 && python manage.py compilemessages --ignore=.venv -v0
RUN useradd --create-home --uid 1000 ntm && mkdir -p /app/var/media /backups && chown -R ntm /app/var /backups

USER ntm
EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["web"]
