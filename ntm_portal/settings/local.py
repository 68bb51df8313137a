"""`make run`: SQLite in the project, tasks in-process, e-mail written to var/mail/."""

from .base import *  # noqa: F403
from .base import env

# `make run` serves the portal as the district will use it: DEBUG off (Vietnamese error pages),
# static files collected, fingerprinted, compressed and long-cached by WhiteNoise (base settings).
# DJANGO_DEBUG=true for Django's debug pages (static files are then served from the sources).
DEBUG = env.bool("DJANGO_DEBUG", default=False)
VAR_DIR.mkdir(exist_ok=True)  # noqa: F405  (SQLite file, media and e-mail files live here)
