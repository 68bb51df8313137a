from django.urls import path

from .views import areas, funds

app_name = "recognition"

urlpatterns = [
    path("khu-dan-cu-kieu-mau/", areas.area_overview, name="area_overview"),
    path("khu-dan-cu-kieu-mau/xa/<int:commune_id>/", areas.area_commune, name="area_commune"),
    path("khu-dan-cu-kieu-mau/ho-so/<int:case_id>/", areas.area_case, name="area_case"),
    path("khu-dan-cu-kieu-mau/ho-so/<int:case_id>/quyet-dinh/", areas.area_decision, name="area_decision"),
    path("quy-thon/", funds.fund_overview, name="fund_overview"),
    path("quy-thon/xa/<int:commune_id>/", funds.fund_commune, name="fund_commune"),
    path("quy-thon/thon/<int:village_id>/", funds.fund_village, name="fund_village"),
    path("quy-thon/thon/<int:village_id>/cong-khai.<str:kind>", funds.fund_statement, name="fund_statement"),
    path("quy-thon/khoan/<int:entry_id>/anh/", funds.fund_receipt, name="fund_receipt"),
    path("quy-thon/khoan/<int:entry_id>/xoa/", funds.fund_entry_remove, name="fund_entry_remove"),
]
