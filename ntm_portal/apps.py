from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NtmPortalConfig(AppConfig):
    name = "ntm_portal"
    verbose_name = _("Hệ thống")
