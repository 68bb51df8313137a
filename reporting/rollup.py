"""The weekly roll-up as one data object; the PDF and the workbook are both rendered from it.

`build_weekly_rollup(*, district, action_day)` reads everything through `reporting.figures` (a
fixed number of queries) and returns a `WeeklyRollup`. `data_version(rollup)` hashes its content
(not the date it was built), so a stored roll-up can tell when the data have changed since.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import ActionDay, Proposal
from campaigns.selectors.filing import is_low_participation
from directory.models import AdministrativeUnit, Commune, coordinated_communes_q, count_by_kind, in_sentence
from ntm_portal.collation import vi, vi_key, vi_sorted

from .figures import (
    AgencyFigures,
    CommuneFigures,
    TaskFigure,
    Totals,
    VillageFigures,
    agency_figures,
    commune_figures,
    cumulative_figures,
    previous_action_day,
    totals,
    village_figures,
)
from .formatting import vn_number


@dataclasses.dataclass(frozen=True)
class TaskColumn:
    task_type_id: int
    name: str
    unit: str


@dataclasses.dataclass(frozen=True)
class ProposalRow:
    pk: int
    commune_name: str
    village_name: str
    text: str
    status: str
    status_label: str
    agency_name: str
    created_on: datetime.date
    answer: str
    is_new: bool


@dataclasses.dataclass(frozen=True)
class Change:
    """This week against the previous action day."""

    label: str
    current: Decimal | int | None
    previous: Decimal | int | None
    unit: str = ""

    @property
    def delta(self):
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous


@dataclasses.dataclass(frozen=True)
class FundRow:
    """A commune's village funds ("nguồn lực xã hội hóa"): the month and the year up to the action day."""

    commune_id: int
    commune_name: str
    month_contributions: Decimal
    month_spending: Decimal
    year_contributions: Decimal
    year_spending: Decimal
    year_working_days: Decimal


@dataclasses.dataclass
class WeeklyRollup:
    district_id: int
    district_name: str
    district_code: str
    programme_name: str
    action_day_id: int
    action_date: datetime.date
    action_day_title: str
    previous_date: datetime.date | None
    threshold: Decimal
    task_columns: list[TaskColumn]
    communes: list[CommuneFigures]
    totals: Totals
    previous_totals: Totals | None
    cumulative: Totals
    changes: list[Change]
    villages: list[VillageFigures]
    low_villages: list[VillageFigures]
    best_villages: list[VillageFigures]
    agencies: list[AgencyFigures]
    inspection_list: list[AgencyFigures]
    proposals: list[ProposalRow]
    shortcomings: list[str]
    recommendations: list[str]
    funds: list[FundRow] = dataclasses.field(default_factory=list)
    # Not part of the data version: when and by whom the document is issued.
    issued_on: datetime.date = dataclasses.field(default_factory=timezone.localdate)
    issuer_title: str = ""  # the issuing unit's top line (directory.DocumentIssuer), for the workbook title

    # -- derived lists the documents show --------------------------------------------------
    @property
    def communes_not_filed(self) -> list[CommuneFigures]:
        return [c for c in self.communes if not c.is_filed]

    @property
    def communes_late(self) -> list[CommuneFigures]:
        return [c for c in self.communes if c.filing == "late"]

    @property
    def agencies_sent_nobody(self) -> list[AgencyFigures]:
        return [a for a in self.agencies if a.sent_nobody or a.missing]

    @property
    def new_proposals(self) -> list[ProposalRow]:
        return [p for p in self.proposals if p.is_new]

    @property
    def open_proposals(self) -> list[ProposalRow]:
        return [p for p in self.proposals if p.status != Proposal.Status.ANSWERED]

    @property
    def issuer_parent(self) -> str:
        return self.issuer_title

    @property
    def threshold_label(self) -> str:
        return _pct(self.threshold)

    @property
    def funds_total(self) -> FundRow:
        return FundRow(0, _("Tổng cộng"), *(sum((getattr(f, key) for f in self.funds), Decimal(0)) for key in (
            "month_contributions", "month_spending", "year_contributions", "year_spending", "year_working_days")))

    @property
    def communes_filed(self) -> list[CommuneFigures]:
        return [c for c in self.communes if c.is_filed]

    @property
    def filed_phrase(self) -> str:
        """ "13 xã" or "12 xã, 1 thị trấn": the units that filed, by type."""
        return count_by_kind(c.commune_kind for c in self.communes_filed)

    @property
    def not_filed_phrase(self) -> str:
        return count_by_kind(c.commune_kind for c in self.communes_not_filed)

    @property
    def staff_sentence(self) -> str:
        """What the presence figure means: present over sent, at the communes that have filed only."""
        t = self.totals
        text = _("%(present)s/%(sent)s cán bộ các cơ quan, đơn vị được cử có mặt ở %(filed)s đã báo cáo") % {
            "present": vn_number(t.agency_staff_present), "sent": vn_number(t.agency_staff_listed_filed),
            "filed": self.filed_phrase}
        if self.communes_not_filed:
            text += _("; %(units)s chưa báo cáo (%(sent)s cán bộ được cử)") % {
                "units": self.not_filed_phrase, "sent": vn_number(t.agency_staff_listed_not_filed)}
        return text

    @property
    def title(self) -> str:
        return _("BÁO CÁO")

    @property
    def subject(self) -> str:
        return _("Kết quả thực hiện “%(programme)s” ngày %(date)s") % {
            "programme": self.programme_name, "date": self.action_date.strftime("%d/%m/%Y")}



def _jsonable(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    raise TypeError(type(value))


def data_version(rollup: WeeklyRollup) -> str:
    """SHA-256 of the roll-up's content (everything but the issue date)."""
    data = dataclasses.asdict(rollup)
    data.pop("issued_on", None)
    data.pop("issuer_title", None)
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=_jsonable).encode()).hexdigest()


def _pct(value: Decimal | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",") + "%"


def _names(items, attr: str, limit: int = 12) -> str:
    names = [in_sentence(getattr(i, attr)) for i in items]
    if len(names) > limit:
        return ", ".join(names[:limit]) + _(" và %(n)d đơn vị khác") % {"n": len(names) - limit}
    return ", ".join(names)


def _shortcomings(r: WeeklyRollup) -> list[str]:
    lines = []
    if r.communes_not_filed:
        lines.append(_("Còn %(units)s chưa báo cáo kết quả: %(names)s.") % {
            "units": r.not_filed_phrase, "names": _names(r.communes_not_filed, "commune_name")})
    if r.communes_late:
        lines.append(_("Có %(units)s báo cáo trễ hạn: %(names)s.") % {
            "units": count_by_kind(c.commune_kind for c in r.communes_late),
            "names": _names(r.communes_late, "commune_name")})
    nobody = [a for a in r.agencies if a.sent_nobody]
    if nobody:
        lines.append(_("%(n)d cơ quan, đơn vị không cử người tham gia: %(names)s.") % {
            "n": len(nobody), "names": _names(nobody, "agency_name")})
    missing = [a for a in r.agencies if a.missing]
    if missing:
        lines.append(_("%(n)d cơ quan, đơn vị không gửi danh sách tham gia: %(names)s.") % {
            "n": len(missing), "names": _names(missing, "agency_name")})
    if r.inspection_list:
        lines.append(_("%(n)d cơ quan, đơn vị từ %(weeks)d tuần liên tiếp trở lên không tham gia: %(names)s.") % {
            "n": len(r.inspection_list), "weeks": settings.ROLLUP_INSPECTION_WEEKS,
            "names": _names(r.inspection_list, "agency_name")})
    if r.low_villages:
        lines.append(_("%(n)d thôn, tổ dân phố có tỷ lệ hộ tham gia dưới %(t)s: %(names)s.") % {
            "n": len(r.low_villages), "t": _pct(r.threshold),
            "names": ", ".join(f"{v.village_name} ({in_sentence(v.commune_name)}, {_pct(v.participation_rate)})"
                               for v in r.low_villages[:12])})
    if r.open_proposals:
        lines.append(_("%(n)d kiến nghị, đề xuất của cơ sở chưa được trả lời.") % {"n": len(r.open_proposals)})
    return lines or [_("Không có tồn tại, hạn chế đáng kể trong tuần.")]


def _recommendations(r: WeeklyRollup) -> list[str]:
    lines = []
    if r.communes_not_filed or r.communes_late:
        lines.append(_("Đề nghị UBND các xã, thị trấn báo cáo kết quả đầy đủ, đúng hạn theo quy định."))
    if r.inspection_list:
        lines.append(_("Đề nghị Ủy ban Kiểm tra cấp ủy cùng cấp xem xét, nhắc nhở các cơ quan, đơn vị nhiều tuần liên "
                       "tiếp không tham gia: %(names)s.") % {"names": _names(r.inspection_list, "agency_name")})
    elif r.agencies_sent_nobody:
        lines.append(_("Đề nghị các cơ quan, đơn vị chưa cử người gửi danh sách và cử cán bộ tham gia "
                       "đầy đủ vào ngày ra quân tiếp theo."))
    if r.low_villages:
        lines.append(_("Đề nghị UBND các xã có thôn tỷ lệ hộ tham gia thấp tăng cường tuyên truyền, vận động "
                       "Nhân dân tham gia."))
    if r.best_villages:
        lines.append(_("Đề nghị biểu dương các thôn, tổ dân phố tiêu biểu: %(names)s.") % {
            "names": ", ".join(f"{v.village_name} ({in_sentence(v.commune_name)})" for v in r.best_villages)})
    if r.open_proposals:
        lines.append(_("Đề nghị các cơ quan được giao sớm xem xét, trả lời %(n)d kiến nghị của cơ sở.") % {
            "n": len(r.open_proposals)})
    return lines or [_("Tiếp tục duy trì ngày ra quân hằng tuần theo kế hoạch.")]


def _proposals(unit: AdministrativeUnit, action_day: ActionDay) -> list[ProposalRow]:
    rows = (Proposal.objects.filter(coordinated_communes_q(unit, "commune__"))
            .exclude(action_day__date__gt=action_day.date)
            .filter(~Q(status=Proposal.Status.ANSWERED) | Q(action_day_id=action_day.pk))
            .select_related("commune", "village", "agency").order_by(vi("commune__name"), "created_at", "pk"))
    return [ProposalRow(
        pk=p.pk, commune_name=p.commune.full_name, village_name=p.village.name if p.village else "",
        text=p.text, status=p.status, status_label=str(p.get_status_display()),
        agency_name=p.agency.name if p.agency else "", created_on=timezone.localdate(p.created_at),
        answer=p.answer, is_new=p.action_day_id == action_day.pk) for p in rows]


def _issuer_title(unit: AdministrativeUnit) -> str:
    from directory.selectors import issuer_of

    issuer = issuer_of(unit)
    return issuer.parent_body or " ".join(issuer.body_lines)


def build_weekly_rollup(*, district: AdministrativeUnit, action_day: ActionDay) -> WeeklyRollup:
    """Every figure of the district's roll-up for one action day (a fixed number of queries)."""
    programme = action_day.programme
    previous = previous_action_day(action_day)
    communes = list(Commune.objects.current(action_day.date).filter(coordinated_communes_q(district))
                    .order_by(vi("name"), "code").values_list("pk", flat=True))
    day_ids = [action_day.pk] + ([previous.pk] if previous else [])
    by_commune = commune_figures(action_day_ids=day_ids, commune_ids=communes)
    current = [by_commune[(action_day.pk, c)] for c in communes]
    week_totals = totals(current)
    previous_totals = totals(by_commune[(previous.pk, c)] for c in communes) if previous else None
    cumulative = cumulative_figures(programme=programme, up_to=action_day, commune_ids=communes)
    villages = list(village_figures(action_day_ids=[action_day.pk], commune_ids=communes).values())
    order = {c: i for i, c in enumerate(communes)}
    villages.sort(key=lambda v: (order.get(v.commune_id, 0), vi_key(v.village_name)))
    threshold = Decimal(programme.low_participation_threshold)
    rated = [v for v in villages if v.reported and v.participation_rate is not None]
    low = sorted((v for v in rated if is_low_participation(v.participation_rate, threshold)),
                 key=lambda v: (v.participation_rate, vi_key(v.commune_name), vi_key(v.village_name)))
    best = sorted((v for v in rated if not is_low_participation(v.participation_rate, threshold)),
                  key=lambda v: (-v.participation_rate, -v.residents, vi_key(v.commune_name), vi_key(v.village_name)))
    best = best[:settings.ROLLUP_BEST_VILLAGES]
    agencies = vi_sorted((a for (day_id, _a), a in
                          agency_figures(district=district, action_day_ids=[action_day.pk]).items()),
                         key=lambda a: a.agency_name)
    for a in agencies:
        a.communes.sort(key=lambda c: vi_key(c.commune_name))
    inspection = sorted((a for a in agencies if a.weeks_without >= settings.ROLLUP_INSPECTION_WEEKS),
                        key=lambda a: (-a.weeks_without, vi_key(a.agency_name)))
    types = {}
    for t in [*week_totals.tasks.values(), *(previous_totals.tasks.values() if previous_totals else []),
              *cumulative.tasks.values()]:
        types.setdefault(t.task_type_id, t)
    order_of = {tid: i for i, tid in enumerate(cumulative.tasks)}
    columns = [TaskColumn(t.task_type_id, t.name, t.unit)
               for t in sorted(types.values(), key=lambda t: (order_of.get(t.task_type_id, 10**6), t.name))]
    changes = _changes(week_totals, previous_totals, columns)
    funds = _funds(current, action_day.date)
    rollup = WeeklyRollup(
        district_id=district.pk, district_name=district.full_name, district_code=district.code,
        programme_name=programme.name, action_day_id=action_day.pk, action_date=action_day.date,
        action_day_title=action_day.title, previous_date=previous.date if previous else None,
        threshold=threshold, task_columns=columns, communes=current, totals=week_totals,
        previous_totals=previous_totals, cumulative=cumulative, changes=changes, villages=villages,
        low_villages=low, best_villages=best, agencies=agencies, inspection_list=inspection,
        proposals=_proposals(district, action_day), shortcomings=[], recommendations=[],
        issuer_title=_issuer_title(district), funds=funds,
    )
    rollup.shortcomings = _shortcomings(rollup)
    rollup.recommendations = _recommendations(rollup)
    return rollup


def _funds(communes: list[CommuneFigures], on: datetime.date) -> list[FundRow]:
    """Village funds of each commune: the month and the year up to the action day (two queries)."""
    from recognition.selectors.funds import fund_totals

    ids = [c.commune_id for c in communes]
    month = fund_totals(ids, on.replace(day=1), on)
    year = fund_totals(ids, on.replace(month=1, day=1), on)
    return [FundRow(c.commune_id, c.commune_name, month[c.commune_id]["contributions"], month[c.commune_id]["spending"],
                    year[c.commune_id]["contributions"], year[c.commune_id]["spending"],
                    year[c.commune_id]["working_days"]) for c in communes]


def _changes(now: Totals, before: Totals | None, columns: list[TaskColumn]) -> list[Change]:
    def prev(attr):
        return getattr(before, attr) if before is not None else None

    rows = [
        Change(_("Xã, thị trấn báo cáo"), now.filed, prev("filed")),
        Change(_("Thôn, tổ dân phố báo cáo"), now.villages_reported, prev("villages_reported")),
        Change(_("Người dân tham gia"), now.residents, prev("residents"), _("người")),
        Change(_("Hộ tham gia"), now.households, prev("households"), _("hộ")),
        Change(_("Cán bộ xã tham gia"), now.commune_staff, prev("commune_staff"), _("người")),
        Change(_("Cán bộ cơ quan, đơn vị có mặt"), now.agency_staff_present, prev("agency_staff_present"),
               _("người")),
        Change(_("Rác thải thu gom"), now.waste_kg, prev("waste_kg"), "kg"),
        Change(_("Rác thải thu gom"), now.waste_m3, prev("waste_m3"), "m³"),
    ]
    for col in columns:
        rows.append(Change(col.name, now.task_quantity(col.task_type_id),
                           before.task_quantity(col.task_type_id) if before is not None else None, col.unit))
    return rows


__all__ = ["TaskFigure", "WeeklyRollup", "build_weekly_rollup", "data_version"]
