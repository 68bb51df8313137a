"""Settings shared by every environment. Everything that differs comes from the environment."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-only-insecure-key-do-not-use-in-production")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "template_partials",
    "django_filters",
    "django_celery_beat",
    "axes",
    "csp",
    "health_check",
    "ntm_portal",
    "directory",
    "campaigns",
    "criteria",
    "reporting",
    "library",
    "directives",
    "recognition",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A NUL byte in a query or form value is refused (400) before it reaches any query (issue 12 A6).
    "ntm_portal.middleware.RefuseNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML over slow rural links: the day-report page is ~90 KB raw, ~9 KB gzipped (bench/README.md).
    # Django's GZipMiddleware pads responses against BREACH; static files come pre-compressed from WhiteNoise.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ntm_portal.urls"
WSGI_APPLICATION = "ntm_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ntm_portal.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# Scale-out (docs: README "Scaling out"): a PostgreSQL streaming replica for the dashboards' reads.
# Only code inside ntm_portal.db_router.replica_reads() uses it; without the URL nothing changes.
DATABASE_REPLICA_ENABLED = bool(env("DATABASE_REPLICA_URL", default=""))
if DATABASE_REPLICA_ENABLED:
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"].setdefault("CONN_MAX_AGE", DATABASES["default"]["CONN_MAX_AGE"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["ntm_portal.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
# The cache may live in a Redis of its own (compose: `redis-cache`, LRU eviction, no persistence), so
# that evicting cached pages can never drop a queued task; by default it shares REDIS_URL.
REDIS_CACHE_URL = env("REDIS_CACHE_URL", default="") or REDIS_URL
if REDIS_CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id (ntm_portal/hashers.py) verifies every argon2 hash whatever its parameters; PBKDF2 stays so
# older hashes verify; both are upgraded to the portal's parameters on login.
PASSWORD_HASHERS = [
    "ntm_portal.hashers.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
CSRF_FAILURE_VIEW = "ntm_portal.views.csrf_failure"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes), 15 minutes' pause after either
# - AXES_FAILURE_LIMIT failures for one user name from one client address, or
# - AXES_ADDRESS_FAILURE_LIMIT failures from one client address whatever the user names (spraying).
# ntm_portal.accounts.login_failure_limit picks the limit that applies.
AXES_ACCOUNT_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_FAILURE_LIMIT = "ntm_portal.accounts.login_failure_limit"
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy every request comes from the proxy's address: the client address is read
# from the header the proxy sets (e.g. HTTP_X_FORWARDED_FOR), counting AXES_IPWARE_PROXY_COUNT proxies
# from the right-hand end so a client cannot forge it by sending the header itself.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=None)
AXES_IPWARE_META_PRECEDENCE_ORDER = tuple(env.list("AXES_IPWARE_META_PRECEDENCE_ORDER", default=["REMOTE_ADDR"]))
AXES_IPWARE_PROXY_ORDER = env("AXES_IPWARE_PROXY_ORDER", default="left-most")
# Password reset requests (ntm_portal.accounts): per e-mail address and per client address, per hour.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int("PASSWORD_RESET_LIMIT_PER_ADDRESS", default=3)
PASSWORD_RESET_LIMIT_PER_CLIENT = env.int("PASSWORD_RESET_LIMIT_PER_CLIENT", default=10)

LANGUAGE_CODE = "vi"
# Vietnamese only until an English catalogue ships (locale/en): with "en" listed, a phone whose browser
# asks for English got Django's English messages and 1,234 number formats beside Vietnamese pages.
LANGUAGES = [("vi", _("Tiếng Việt"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["ntm_portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Front-end assets come from PyPI packages at set-up time, never from a CDN: Bootstrap from
# xstatic-bootstrap, purged to the rules the portal uses (ntm_portal/staticfiles.py). Every mode
# serves them fingerprinted, pre-compressed and cached for a year (WhiteNoise).
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "ntm_portal.staticfiles.PurgedBootstrapFinder",
]

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: SMTP when EMAIL_URL says so (smtp://user:pass@host:587/?tls=True), files otherwise.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default=f"filemail://{VAR_DIR / 'mail'}")
vars().update(EMAIL_CONFIG)
if EMAIL_CONFIG.get("EMAIL_BACKEND", "").endswith("filebased.EmailBackend"):
    EMAIL_FILE_PATH = EMAIL_CONFIG.get("EMAIL_FILE_PATH") or str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Cổng thông tin Nông thôn mới <ntm@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: without a broker every task runs in-process (make run); with REDIS_URL, through Redis.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Content-Security-Policy: only our own static files, no inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
# The names the pages show come from the deployment (.env), not from code: see .env.example.
PORTAL_NAME = env("PORTAL_NAME", default="Cổng thông tin Nông thôn mới")
PORTAL_SHORT_NAME = env("PORTAL_SHORT_NAME", default="Nông thôn mới")
PORTAL_FOOTER = env("PORTAL_FOOTER", default="Chương trình “Ngày thứ Bảy vì nông thôn mới, đô thị văn minh”.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Demo data (`manage.py seed_demo`): each capability appends its seeder; order matters.
DEMO_SEEDERS = ["directory.demo.seed_directory"]
DEMO_SEEDERS.append("campaigns.demo.seed_rosters")
DEMO_SEEDERS.append("campaigns.demo_reports.seed_reports")
DEMO_SEEDERS.append("criteria.demo.seed_criteria")
DEMO_SEEDERS.append("recognition.demo.seed_recognition")
DEMO_SEEDERS.append("reporting.demo.seed_rollups")
DEMO_SEEDERS.append("library.demo.seed_library")
DEMO_SEEDERS.append("recognition.demo_reviews.seed_reviews")
DEMO_SEEDERS.append("directives.demo.seed_directives")
DEMO_SEEDERS.append("directives.demo_members.seed_members")
DEMO_SEEDERS.append("api.demo.seed_api")

# Documents (ntm_portal/documents): the issuing unit, place, symbols and signer are data per unit
# (directory.DocumentIssuer, page "Ban hành văn bản"), not settings. The PDFs name their font with
# @font-face pointing at Debian's fonts-liberation2 files (scripts/ensure-system.sh, Dockerfile).
DOCUMENT_FONT_DIR = env("DOCUMENT_FONT_DIR", default="/usr/share/fonts/truetype/liberation2")
# The Monday roll-up's thresholds.
ROLLUP_BEST_VILLAGES = env.int("ROLLUP_BEST_VILLAGES", default=5)
ROLLUP_INSPECTION_WEEKS = env.int("ROLLUP_INSPECTION_WEEKS", default=2)
# The steering committee's follow-up (directives): the day of the month of the regular meeting
# ("tại phiên họp thường kỳ tháng M" resolves to that day, the last day of a shorter month), how
# many days before a deadline the lead unit is reminded (and again on the day), when the office's
# follow-up report goes out (the 16th and the 30th, the last day of a shorter month).
DIRECTIVES_MEETING_DAY = env.int("DIRECTIVES_MEETING_DAY", default=25)
DIRECTIVES_REMIND_DAYS_BEFORE = env.int("DIRECTIVES_REMIND_DAYS_BEFORE", default=3)
# BCĐ members are reminded this many days before their report is due, and on the day.
DIRECTIVES_MEMBER_REMIND_DAYS_BEFORE = env.int("DIRECTIVES_MEMBER_REMIND_DAYS_BEFORE", default=2)
DIRECTIVES_FOLLOWUP_DAYS = (16, 30)
ROLLUP_DEMO_WEEKS = env.int("ROLLUP_DEMO_WEEKS", default=2)  # roll-ups `seed_demo` builds (≈ 4 s each)
# Figures cached under a stamp of the filings (reporting.rollup.filings_stamp, reporting.dashboard):
# a filing changes the key at once; this bounds how long a directory change (agencies, assignments)
# may take to show on the roll-up list and the compliance view (issue 16).
FIGURES_CACHE_SECONDS = env.int("FIGURES_CACHE_SECONDS", default=10 * 60)

# Backups (ntm_portal/backup, README "Sao lưu và khôi phục"): the database and the media files, written
# to a folder (BACKUP_DIR: mount another disk or a network share there) or to an S3-compatible bucket
# (BACKUP_BUCKET_NAME) — never the database's own disk.
BACKUP_DIR = env.path("BACKUP_DIR", default=VAR_DIR / "backups")
BACKUP_BUCKET_NAME = env("BACKUP_BUCKET_NAME", default="")
if BACKUP_BUCKET_NAME:
    STORAGES["backups"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": BACKUP_BUCKET_NAME,
        "endpoint_url": env("BACKUP_S3_ENDPOINT_URL", default="") or env("AWS_S3_ENDPOINT_URL", default="") or None,
        "location": env("BACKUP_BUCKET_PREFIX", default=""),
        "file_overwrite": False, "default_acl": None,
    }}
else:
    STORAGES["backups"] = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                           "OPTIONS": {"location": BACKUP_DIR, "base_url": None}}
# Optional encryption with age (Debian package `age`): the public keys (age1…) of whoever may restore.
# The matching private key is kept off this machine; `manage.py restore --identity FILE` reads it.
BACKUP_AGE_RECIPIENTS = env.list("BACKUP_AGE_RECIPIENTS", default=[])
# Retention: the newest backup of each of the last 14 days, 8 weeks and 12 months (like restic's --keep-*).
BACKUP_KEEP_DAILY = env.int("BACKUP_KEEP_DAILY", default=14)
BACKUP_KEEP_WEEKLY = env.int("BACKUP_KEEP_WEEKLY", default=8)
BACKUP_KEEP_MONTHLY = env.int("BACKUP_KEEP_MONTHLY", default=12)
BACKUP_KEEP_WITHIN_HOURS = env.int("BACKUP_KEEP_WITHIN_HOURS", default=48)  # every backup of the last 2 days
BACKUP_KEEP_BEFORE_MIGRATE = env.int("BACKUP_KEEP_BEFORE_MIGRATE", default=3)  # the last 3 before a migration
# No successful backup for this long → the coordinators get one e-mail (the nightly job plus a margin).
BACKUP_MAX_AGE_HOURS = env.int("BACKUP_MAX_AGE_HOURS", default=26)
BACKUP_TIME_LIMIT = env.int("BACKUP_TIME_LIMIT", default=3 * 60 * 60)  # seconds, hard limit of the job
BACKUP_TMP_DIR = env("BACKUP_TMP_DIR", default="") or None  # where the archive is assembled before upload
# The nightly job runs on its own Celery queue (compose: the `backup` service), so a long backup never
# holds up the roll-up worker; the missing-backup check stays on the main worker.
BACKUP_QUEUE = env("BACKUP_QUEUE", default="backups")
CELERY_TASK_ROUTES = {"ntm_portal.backup_run": {"queue": BACKUP_QUEUE}}

# Steering-committee members' reports (directives/schedule.py): a report due on a Saturday,
# Sunday or Vietnamese public holiday stays due that day unless this moves it to the next
# working day.
DIRECTIVES_MOVE_DUE_DATE_OFF_WEEKEND = env.bool("DIRECTIVES_MOVE_DUE_DATE_OFF_WEEKEND", default=False)
# The REST API (api/, README "API cho hệ thống khác"): personal tokens, one error shape, per-token throttles
# counted in the Django cache (Redis in production).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ApiAccess"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": env("API_THROTTLE_RATE", default="600/hour")},
    "DEFAULT_PARSER_CLASSES": ["api.parsers.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Cổng thông tin Nông thôn mới",
    "DESCRIPTION": ("Đọc địa bàn, cơ quan, ngày ra quân, danh sách tham gia, báo cáo kết quả, báo cáo tổng hợp, "
                    "bộ tiêu chí và đánh giá; gửi danh sách và báo cáo kết quả; trao đổi số liệu tuần theo "
                    "định dạng dataValueSets của DHIS2. Xác thực bằng mã API cá nhân: "
                    "tiêu đề `Authorization: Token <mã>`."),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The schema is read with a token or the session, like the rest of the API.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SERVE_AUTHENTICATION": None,
    "ENUM_NAME_OVERRIDES": {
        "DayReportStatusEnum": "campaigns.models.DayReport.Status",
        "RollUpStatusEnum": "reporting.models.RollUp.Status",
        "UnitLevelEnum": "directory.models.UnitLevel",
        "SetLevelEnum": "criteria.models.SetLevel",
        "AgencyKindEnum": "directory.models.AgencyKind",
        "ActionDayKindEnum": "campaigns.models.ActionDay.Kind",
        "ActionDayStatusEnum": "campaigns.models.ActionDay.Status",
        "AssessmentStatusEnum": "criteria.models.AssessmentStatus",
        "IndicatorResultStatusEnum": "criteria.models.ResultStatus",
    },
}
API_TOKEN_DEFAULT_DAYS = env.int("API_TOKEN_DEFAULT_DAYS", default=90)
# Scale-out: the Monday roll-ups (WeasyPrint, ≈ 5 s of CPU each) on a worker pool of their own when
# ROLLUP_QUEUE is set (compose: the `worker-rollups` service listens on it); unset, the main worker runs them.
ROLLUP_QUEUE = env("ROLLUP_QUEUE", default="")
if ROLLUP_QUEUE:
    CELERY_TASK_ROUTES["reporting.rollup_build"] = {"queue": ROLLUP_QUEUE}
