from django.contrib.auth.decorators import login_required
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

app_name = "api"

urlpatterns = [
    path("v1/me/", views.me, name="me"),
    path("v1/units/", views.unit_list, name="unit_list"),
    path("v1/units/<int:unit_id>/assessments/", views.unit_assessments, name="unit_assessments"),
    path("v1/agencies/", views.agency_list, name="agency_list"),
    path("v1/agencies/<int:agency_id>/", views.agency_detail, name="agency_detail"),
    path("v1/agencies/<int:agency_id>/communes/<int:commune_id>/action-days/<int:action_day_id>/roster/",
         views.roster_detail, name="roster_detail"),
    path("v1/action-days/", views.action_day_list, name="action_day_list"),
    path("v1/action-days/<int:action_day_id>/day-reports/", views.day_report_list, name="day_report_list"),
    path("v1/communes/<int:commune_id>/action-days/<int:action_day_id>/rosters/", views.commune_rosters,
         name="commune_rosters"),
    path("v1/communes/<int:commune_id>/action-days/<int:action_day_id>/day-report/", views.day_report_detail,
         name="day_report_detail"),
    path("v1/rollups/", views.rollup_list, name="rollup_list"),
    path("v1/rollups/<int:rollup_id>/<str:kind>/", views.rollup_file, name="rollup_file"),
    path("v1/criteria-sets/", views.criteria_set_list, name="criteria_set_list"),
    path("v1/criteria-sets/<int:set_id>/", views.criteria_set_detail, name="criteria_set_detail"),
    path("v1/assessments/<int:assessment_id>/", views.assessment_detail, name="assessment_detail"),
    path("v1/tasks/", views.task_list, name="task_list"),
    path("v1/exchange/data-value-sets/", views.data_value_sets, name="data_value_sets"),
    path("v1/exchange/received/", views.exchange_received, name="exchange_received"),
    # The OpenAPI schema and its Swagger UI (files from drf-spectacular-sidecar, served as our static files).
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("tai-lieu/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    re_path(r"^(?P<path>.*)$", views.unknown_path),  # unnamed: not a page of the access matrix
]
