"""Who may call the API at all. What they may see is decided by ntm_portal.access, as on the pages."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from .models import ApiToken


class ApiAccess(permissions.BasePermission):
    """Signed in (token or session); a service account only reads figures (views marked `figures = True`)."""

    message = _("Tài khoản hệ thống chỉ được đọc số liệu.")

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        token = request.auth if isinstance(request.auth, ApiToken) else None
        if token is not None and token.is_service:
            return request.method in permissions.SAFE_METHODS and getattr(view, "figures", False)
        return True
