"""URLs of the steering committee's follow-up ("chi-dao/")."""

from .urls_members import urlpatterns as member_urlpatterns

app_name = "directives"

urlpatterns = [
    *member_urlpatterns,
]
