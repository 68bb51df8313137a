"""URLs of directing documents and their tasks (included by directives/urls.py, namespace "directives")."""

from django.urls import path

from .views import tasks as views

urlpatterns = [
    path("", views.board, name="board"),
    path("cua-don-vi/", views.my_tasks, name="my_tasks"),
    path("van-ban/moi/", views.directive_new, name="directive_new"),
    path("van-ban/<int:document_id>/", views.document_detail, name="document_detail"),
    path("van-ban/<int:document_id>/them-nhiem-vu/", views.task_add, name="task_add"),
    path("van-ban/<int:document_id>/tep/", views.document_file, name="document_file"),
    path("nhiem-vu/<int:dtask_id>/", views.task_detail, name="task_detail"),
    path("han/<int:deadline_id>/bao-cao/", views.deadline_report, name="deadline_report"),
    path("han/<int:deadline_id>/gia-han/", views.deadline_extend_view, name="deadline_extend"),
    path("tep/<int:file_id>/", views.progress_file, name="progress_file"),
    path("bao-cao-theo-doi/<str:kind>/", views.followup, name="followup"),
]
