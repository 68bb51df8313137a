import datetime

import pytest

from directory.demo import seed_directory
from recognition.demo_reviews import seed_reviews
from recognition.models import Commendation, Review, ReviewReport
from recognition.selectors.reviews import build_review_draft

pytestmark = pytest.mark.django_db


def test_seed_reviews_makes_a_filled_in_review_once(week, action_day):
    seed_directory()
    result = seed_reviews(today=datetime.date(2025, 3, 20))
    review = Review.objects.get()
    assert review.title == "Sơ kết 6 tháng đầu năm 2025 thực hiện Đề án số 04-ĐA/HU"
    assert (review.period_start, review.period_end) == (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
    assert result.filed == ReviewReport.objects.filter(status=ReviewReport.Status.SUBMITTED).count() >= 5
    statuses = set(Commendation.objects.values_list("status", flat=True))
    assert Commendation.Status.AWARDED in statuses and Commendation.Status.DRAFT in statuses
    draft = build_review_draft(review)
    assert draft.programme.totals.residents > 0 and draft.awarded
    assert draft.texts["leadership"]
    assert str(seed_reviews(today=datetime.date(2025, 3, 20))).startswith("0 đợt")
    assert Review.objects.count() == 1
