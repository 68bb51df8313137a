from django.urls import path

from . import views

app_name = "library"

urlpatterns = [
    path("", views.index, name="index"),
    path("them/", views.upload, name="upload"),
    path("<int:document_id>/", views.detail, name="detail"),
    path("<int:document_id>/sua/", views.edit, name="edit"),
    path("<int:document_id>/phien-ban-moi/", views.version_add, name="version_add"),
    path("<int:document_id>/phien-ban/<int:number>/tep/", views.version_file, name="version_file"),
]
