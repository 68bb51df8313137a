from django.urls import path

from . import views

app_name = "criteria"
urlpatterns = [
    path("", views.matrix, name="matrix"),
    path("xa/<int:commune_id>/", views.commune_standing, name="commune_standing"),
    path("don-vi/<int:unit_id>/danh-gia/moi/", views.assessment_create, name="assessment_create"),
    path("danh-gia/<int:assessment_id>/", views.assessment_detail, name="assessment_detail"),
    path("danh-gia/<int:assessment_id>/gui/", views.assessment_submit, name="assessment_submit"),
    path("danh-gia/<int:assessment_id>/xac-nhan/", views.assessment_review, {"decision": "verify"},
         name="assessment_verify"),
    path("danh-gia/<int:assessment_id>/tra-lai/", views.assessment_review, {"decision": "return"},
         name="assessment_return"),
    path("minh-chung/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
    path("bo-tieu-chi/", views.set_list, name="set_list"),
    path("bo-tieu-chi/nap/", views.set_upload, name="set_upload"),
    path("bo-tieu-chi/<int:set_id>/", views.set_detail, name="set_detail"),
    path("bo-tieu-chi/<int:set_id>/co-quan/", views.set_agencies, name="set_agencies"),
    path("bo-tieu-chi/<int:set_id>/chi-tieu/", views.targets_edit, name="targets_edit"),
    path("bo-tieu-chi/<int:set_id>/chi-tieu/nap/", views.targets_upload, name="targets_upload"),
    path("bo-tieu-chi/<int:set_id>/chi-tieu/them/", views.indicator_edit, name="indicator_add"),
    path("bo-tieu-chi/<int:set_id>/chi-tieu/<int:indicator_id>/sua/", views.indicator_edit, name="indicator_edit"),
    path("nhom-xa/", views.commune_groups_edit, name="commune_groups"),
    path("lo-trinh/", views.roadmap, name="roadmap"),
    path("lo-trinh/them/", views.roadmap_target_create, name="roadmap_target_create"),
    path("cong-nhan/them/", views.recognition_create, name="recognition_create"),
    path("so-sanh/", views.compare, name="compare"),
    path("so-sanh/bang-tinh/", views.compare_xlsx, name="compare_xlsx"),
    path("so-sanh/pdf/", views.compare_pdf, name="compare_pdf"),
]
