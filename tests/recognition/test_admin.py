"""The admin: the office changes the lead of a standard (audited); cases and ledgers are read-only there."""

import pytest
from django.urls import reverse

from ntm_portal.models import AuditEntry
from recognition.models import LeadOrganisation, StandardLead
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_lead_of_a_standard_is_changed_with_an_audit_row_and_cases_cannot_be_edited(client, area_set):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    lead = StandardLead.objects.get(criterion__criteria_set=area_set, criterion__number=2)
    response = client.post(reverse("admin:recognition_standardlead_change", args=[lead.pk]),
                           {"criterion": lead.criterion_id, "organisation": LeadOrganisation.VETERANS})
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.organisation == LeadOrganisation.VETERANS
    entry = AuditEntry.objects.get(action="admin.standardlead.update")
    assert entry.changes == {"organisation": [LeadOrganisation.FARMERS, LeadOrganisation.VETERANS]}
    for model in ("modelareacase", "fundentry"):
        assert client.get(reverse(f"admin:recognition_{model}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:recognition_{model}_add")).status_code == 403
