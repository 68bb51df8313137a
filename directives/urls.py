"""URLs of the steering committee's follow-up ("chi-dao/")."""

from .urls_members import urlpatterns as member_urlpatterns
from .urls_tasks import urlpatterns as task_urlpatterns

app_name = "directives"

urlpatterns = [
    *task_urlpatterns,
    *member_urlpatterns,
]
