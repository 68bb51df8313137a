"""`Authorization: Token <secret>`: a personal API token, looked up by its SHA-256 (never stored in clear)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .models import ApiToken, token_digest

# last_used_at is written at most once a minute per token: a busy client does not write on every call.
LAST_USED_STEP = datetime.timedelta(minutes=1)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("token", "bearer")

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode("latin-1").lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Tiêu đề Authorization phải có dạng “Token <mã>”."))
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Mã API không hợp lệ.")) from None
        token = ApiToken.objects.select_related("user").filter(digest=token_digest(secret)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Mã API không hợp lệ."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Mã API đã bị thu hồi."))
        now = timezone.now()
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("Mã API đã hết hạn."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Tài khoản đã bị khóa."))
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_STEP:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return "Token"


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "maApi"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": str(_("Mã API cá nhân, dạng “Token <mã>” (tạo ở trang Tài khoản → Mã API)."))}
