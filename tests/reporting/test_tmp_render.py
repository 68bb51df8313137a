import pytest

from directory.demo import seed_issuers
from directory.models import Commune
from reporting.rollup import build_weekly_rollup
from reporting.rollup_pdf import rollup_pdf

pytestmark = pytest.mark.django_db
def test_render(week, district, action_day):
    seed_issuers(district=district, communes=list(Commune.objects.filter(parent=district)))
    r = build_weekly_rollup(district=district, action_day=action_day)
    open("var/screenshots/rollup.pdf", "wb").write(rollup_pdf(r))
