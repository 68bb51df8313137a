"""Vietnamese order, as a person would sort: a ă â b c d đ e ê … o ô ơ … u ư, tone marks after letters,
numbers read as numbers — the same in Python and in the database (PostgreSQL's ICU collation, or the
collation registered on SQLite)."""

import pytest

from directory.models import Agency, Commune
from ntm_portal.collation import vi, vi_sorted

pytestmark = pytest.mark.django_db

AGENCIES_IN_ORDER = [
    "Ban Dân vận Huyện ủy", "Bảo hiểm xã hội huyện", "Bưu điện huyện", "Chi cục Thuế khu vực", "Công an huyện",
    "Điện lực Di Linh", "Hạt Kiểm lâm", "Hội Cựu chiến binh huyện", "Hội Nông dân huyện", "Huyện đoàn Di Linh",
    "Kho bạc Nhà nước", "Ngân hàng Chính sách xã hội", "Phòng Giáo dục và Đào tạo", "Phòng Nội vụ",
    "Trung tâm Y tế", "Trường Tiểu học số 2", "Trường Tiểu học số 10", "Ủy ban Kiểm tra Huyện ủy",
    "Ủy ban MTTQ Việt Nam huyện", "Văn phòng Huyện ủy",
]


def test_the_nineteen_communes_sort_as_a_person_would(district):
    names = list(Commune.objects.current().filter(parent=district).order_by(vi("name")).values_list("name", flat=True))
    assert len(names) == 19
    expected = ["Bảo Thuận", "Di Linh", "Đinh Lạc", "Đinh Trang Hòa", "Đinh Trang Thượng", "Gia Bắc", "Gia Hiệp",
                "Gung Ré", "Hòa Bắc", "Hòa Nam", "Hòa Ninh", "Hòa Trung", "Liên Đầm", "Sơn Điền", "Tam Bố",
                "Tân Châu", "Tân Lâm", "Tân Nghĩa", "Tân Thượng"]
    assert names == expected
    assert vi_sorted(reversed(names)) == expected  # the same rule in Python


def test_agencies_sort_in_vietnamese_order_in_python_and_in_the_database(district):
    assert vi_sorted(reversed(AGENCIES_IN_ORDER)) == AGENCIES_IN_ORDER
    Agency.objects.filter(owner=district).delete()
    for name in reversed(AGENCIES_IN_ORDER):
        Agency.objects.create(owner=district, name=name, kind="state_agency")
    from_db = list(Agency.objects.filter(owner=district).order_by(vi("name")).values_list("name", flat=True))
    assert from_db == AGENCIES_IN_ORDER


@pytest.mark.parametrize("before, after", [
    ("a", "ă"), ("ă", "â"), ("Bảo", "Bưu"), ("d", "đ"), ("Dương", "Đinh"), ("e", "ê"), ("o", "ô"), ("ô", "ơ"),
    ("u", "ư"), ("Uyên", "Ưng"), ("Ủy", "Văn"), ("Thôn 2", "Thôn 10"), ("Tổ dân phố 9", "Tổ dân phố 11"),
    ("Ba", "Bà"), ("Bà", "Bá"), ("hoà", "hoàn"),
])
def test_letter_order(before, after):
    assert vi_sorted([after, before]) == [before, after]
