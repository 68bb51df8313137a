"""Reference data of model residential areas read from the criteria file: the lead organisation of each
standard (column `lead`: a name such as "Hội Nông dân" or a code such as "hnd")."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from ntm_portal.audit import audit_record
from ntm_portal.tabular import TableError, read_table
from ntm_portal.text import fold

from .models import LeadOrganisation, StandardLead

LEAD_COLUMNS = {"criterion": ["Tiêu chí", "Tiêu chuẩn", "Số tiêu chí"], "lead": ["Tổ chức phụ trách", "Phụ trách"]}


def _organisation(text: str) -> str | None:
    folded = fold(text)
    for value, label in LeadOrganisation.choices:
        if folded in (value, fold(str(label))) or (folded and folded in fold(str(label))):
            return value
    return None


@transaction.atomic
def standard_leads_load(*, path: str | Path, criteria_set, actor=None) -> int:
    """Set the lead organisation of each standard named in the file; all or nothing. Returns rows changed."""
    rows = read_table(path, columns=LEAD_COLUMNS, required=["criterion"])
    criteria = {c.number: c for c in criteria_set.criteria.all()}
    wanted, errors = {}, []
    for row in rows:
        if not row.get("lead"):
            continue
        organisation = _organisation(row.get("lead"))
        number = row.get("criterion")
        if organisation is None or not number.isdigit() or int(number) not in criteria:
            errors.append(_("Dòng %(n)d: không rõ tiêu chuẩn «%(c)s» hoặc tổ chức phụ trách «%(o)s».")
                          % {"n": row.number, "c": number, "o": row.get("lead")})
            continue
        wanted[int(number)] = organisation
    if errors:
        raise TableError(errors)
    existing = {lead.criterion_id: lead for lead in StandardLead.objects.filter(criterion__criteria_set=criteria_set)}
    changed = 0
    for number, organisation in wanted.items():
        criterion = criteria[number]
        lead = existing.get(criterion.pk)
        if lead is None:
            StandardLead.objects.create(criterion=criterion, organisation=organisation)
        elif lead.organisation != organisation:
            lead.organisation = organisation
            lead.save(update_fields=["organisation"])
        else:
            continue
        changed += 1
    if changed:
        audit_record(actor=actor, action="model_area.standard_leads_load", target=criteria_set,
                     note=_("%(n)d tiêu chuẩn được giao tổ chức phụ trách") % {"n": changed})
    return changed
