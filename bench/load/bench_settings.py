"""Production settings for the loopback load benchmark (bench/load/run.py) — never deployed.

Production marks cookies Secure and redirects to HTTPS, as the proxy in front of it speaks TLS; the
load generator talks plain HTTP to gunicorn on 127.0.0.1, so only those three settings are relaxed.
"""

from ntm_portal.settings.production import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
