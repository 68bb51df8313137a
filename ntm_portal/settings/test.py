"""`make test`: DATABASE_URL / REDIS_URL from the environment (CI: PostgreSQL and Redis)."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
# Unit tests run Celery tasks in-process; the integration tests start a real worker and beat.
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
AXES_ENABLED = True
STORAGES["backups"] = {"BACKEND": "django.core.files.storage.FileSystemStorage",  # noqa: F405
                       "OPTIONS": {"location": VAR_DIR / "test-backups", "base_url": None}}  # noqa: F405
# The API's per-token throttle counts in the (per-process) cache: the tests set their own low rate.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"token": "100000/hour"}}  # noqa: F405
