"""`make run`: SQLite in the project, tasks in-process, e-mail written to var/mail/."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
VAR_DIR.mkdir(exist_ok=True)  # noqa: F405  (SQLite file, media and e-mail files live here)
