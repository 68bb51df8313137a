"""Login and password reset, hardened: bounded input, throttled per account and per client address,
and the reset e-mail sent by Celery after the response, so a registered and an unknown address
answer alike (issue 12 A5, A8, A9)."""

from __future__ import annotations

import hashlib

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.cache import cache
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.db.models import Sum
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

RESET_WINDOW = 60 * 60  # seconds over which password reset requests are counted
PASSWORD_MAX_LENGTH = 256


def login_failure_limit(request, credentials) -> int:
    """AXES_FAILURE_LIMIT: the account limit once one user name has failed that often from this
    client address, else the (higher) limit for one address across every user name.

    axes compares the largest of its counts — per (user name, address) and per address — with this
    limit; the per-address count is never the smaller, so it alone decides until the account limit
    is reached.
    """
    account_limit = settings.AXES_ACCOUNT_FAILURE_LIMIT
    address_limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    from axes.handlers.database import AxesDatabaseHandler

    try:
        per_account = AxesDatabaseHandler().get_user_attempts(request, credentials)[0]
    except AttributeError:  # a request axes has not stamped (no address yet): be strict
        return account_limit
    failures = per_account.aggregate(n=Sum("failures_since_start"))["n"] or 0
    return account_limit if failures >= account_limit else address_limit


class LoginForm(AuthenticationForm):
    """Django's login form, with the user name's length enforced (it only sets the HTML maxlength):
    a longer name is a form error, never a trip to axes' 255-character column."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length))
        self.fields["password"].validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True


def _over_limit(key: str, limit: int) -> bool:
    """Count one request under `key` for RESET_WINDOW; True once more than `limit` were made."""
    cache.add(key, 0, timeout=RESET_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RESET_WINDOW)
        count = 1
    return count > limit


class QueuedPasswordResetForm(PasswordResetForm):
    """Never looks the address up in the request: the Celery task does, after the response."""

    def save(self, *, request, use_https: bool = False, domain_override: str | None = None, **_kwargs) -> None:
        from .tasks import password_reset_send

        email = self.cleaned_data["email"]
        domain = domain_override or request.get_host()
        transaction.on_commit(lambda: password_reset_send.delay(email=email, domain=domain, use_https=use_https))


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        address = hashlib.sha256(email.encode()).hexdigest()
        client = get_client_ip_address(self.request) or "unknown"
        over = _over_limit(f"password-reset:address:{address}", settings.PASSWORD_RESET_LIMIT_PER_ADDRESS)
        over = _over_limit(f"password-reset:client:{client}", settings.PASSWORD_RESET_LIMIT_PER_CLIENT) or over
        if over:
            form.add_error(None, _("Đã có quá nhiều yêu cầu đặt lại mật khẩu. Hãy thử lại sau một giờ."))
            return TemplateResponse(self.request, self.template_name, self.get_context_data(form=form), status=429)
        form.save(request=self.request, use_https=self.request.is_secure())
        return super(auth_views.PasswordResetView, self).form_valid(form)
