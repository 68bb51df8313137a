from django.urls import path

from .views import commendations, reviews

app_name = "reviews"

urlpatterns = [
    path("", reviews.review_list, name="review_list"),
    path("moi/", reviews.review_create, name="review_create"),
    path("<int:review_id>/", reviews.review_detail, name="review_detail"),
    path("<int:review_id>/du-thao.docx", reviews.review_draft_docx_view, name="review_draft_docx"),
    path("<int:review_id>/du-thao.pdf", reviews.review_draft_pdf_view, name="review_draft_pdf"),
    path("bao-cao/<int:review_report_id>/", reviews.report_edit, name="report_edit"),
    path("bao-cao/<int:review_report_id>/tiep-nhan/", reviews.report_accept, name="report_accept"),
    path("bao-cao/<int:review_report_id>/tra-lai/", reviews.report_return, name="report_return"),
    path("<int:review_id>/khen-thuong/", commendations.commendation_list, name="commendation_list"),
    path("<int:review_id>/khen-thuong/de-nghi/", commendations.commendation_create, name="commendation_create"),
    path("<int:review_id>/khen-thuong/chi-tieu/", commendations.quota_edit, name="quota_edit"),
    path("<int:review_id>/khen-thuong/quyet-dinh/", commendations.decision_create, name="decision_create"),
    path("<int:review_id>/khen-thuong/danh-sach.pdf", commendations.commendation_annex_pdf, name="commendation_pdf"),
    path("<int:review_id>/khen-thuong/danh-sach.xlsx", commendations.commendation_annex_xlsx,
         name="commendation_xlsx"),
    path("<int:review_id>/xa/<int:commune_id>/cong-khai/", commendations.commune_shortlist, name="commune_shortlist"),
    path("khen-thuong/<int:commendation_id>/", commendations.commendation_detail, name="commendation_detail"),
]
