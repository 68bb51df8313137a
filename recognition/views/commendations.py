"""Pages of the commendations: quotas (office), proposals with reasons from the data (unit), the public
short-list at the grass roots, the council's decision (office), the list as PDF and XLSX."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ntm_portal.access import (
    commendation_for,
    commendations_visible_q,
    proposing_unit_for,
    review_commune_for,
    review_for,
    scope_of,
)
from ntm_portal.workbooks import download_response, xlsx_response

from ..forms_reviews import CommendationProposeForm, DecisionForm
from ..models import Commendation
from ..review_documents import commendation_list_pdf, commendation_list_xlsx
from ..selectors import commendations as selectors
from ..selectors.reviews import commendations_of, review_communes
from ..services import commendations as services


@login_required
@require_GET
def commendation_list(request, review_id):
    review = review_for(request.user, review_id)
    scope = scope_of(request.user)
    rows = commendations_of(review).filter(commendations_visible_q(scope, review))
    office = review.district_id in scope.district_ids
    return TemplateResponse(request, "recognition/commendation_list.html", {
        "review": review, "commendations": rows, "office": office,
        "can_coordinate": scope.can_coordinate(review.district_id),
        "quotas": selectors.quota_rows(review) if office else [],
        "suggested": selectors.suggested_villages(review, [c.pk for c in review_communes(review)])
        if office else []})


@login_required
@require_http_methods(["GET", "POST"])
def commendation_create(request, review_id):
    review = review_for(request.user, review_id)
    commune, agency = proposing_unit_for(request.user, review)
    villages = selectors.villages_of_commune(commune, review.period_end) if commune else []
    form = CommendationProposeForm(request.POST or None, commune=commune, agency=agency, villages=villages)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            commendation = services.commendation_propose(
                review=review, actor=request.user, kind=data["kind"], proposed_form=data["proposed_form"],
                proposer_commune=commune, proposer_agency=agency, village=data.get("village"), commune=commune,
                agency=agency, person=data.get("person"), person_name=data.get("person_name", ""),
                person_position=data.get("person_position", ""), achievements=data.get("achievements", ""))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lập đề nghị khen thưởng."))
            return redirect(commendation)
    return TemplateResponse(request, "simple_form.html", {
        "form": form, "title": _("Đề nghị khen thưởng: %(u)s") % {"u": commune.full_name if commune else agency.name},
        "back": reverse("reviews:review_list")})


@login_required
@require_http_methods(["GET", "POST"])
def commendation_detail(request, commendation_id):
    commendation = commendation_for(request.user, commendation_id, write=request.method == "POST")
    if request.method == "POST":
        action = {"cong_khai": services.commendation_shortlist, "gui": services.commendation_submit}.get(
            request.POST.get("action"))
        if action is None:
            messages.error(request, _("Thao tác không hợp lệ."))
        else:
            try:
                action(commendation=commendation, actor=request.user)
                messages.success(request, _("Đã cập nhật đề nghị khen thưởng."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        return redirect(commendation)
    scope = scope_of(request.user)
    writable = (commendation.proposer_commune_id in scope.officer_commune_ids
                or commendation.proposer_agency_id in scope.agency_ids)
    return TemplateResponse(request, "recognition/commendation_detail.html", {
        "c": commendation, "writable": writable})


@login_required
@require_GET
def commune_shortlist(request, review_id, commune_id):
    """The public short-list of a commune (công khai ở cơ sở): what the commune proposes to the council."""
    review = review_for(request.user, review_id)
    commune = review_commune_for(request.user, review, commune_id)
    rows = commendations_of(review, statuses=[s for s in selectors.QUOTA_STATUSES]).filter(proposer_commune=commune)
    return TemplateResponse(request, "recognition/shortlist.html", {
        "review": review, "commune": commune, "commendations": rows,
        "quota": selectors.quota_of(review, commune_id=commune.pk)})


class QuotaForm(forms.Form):
    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            key = f"c{row.commune_id}" if row.commune_id else f"a{row.agency_id}"
            self.fields[key] = forms.IntegerField(label=row.unit_name, min_value=0, max_value=999, required=False,
                                                  initial=row.quota)


@login_required
@require_http_methods(["GET", "POST"])
def quota_edit(request, review_id):
    review = review_for(request.user, review_id, coordinate=True)
    rows = selectors.quota_rows(review)
    form = QuotaForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        from directory.models import Agency, Commune

        for row in rows:
            value = form.cleaned_data.get(f"c{row.commune_id}" if row.commune_id else f"a{row.agency_id}")
            if value is None or value == row.quota:
                continue
            services.quota_set(review=review, actor=request.user, count=value,
                               commune=Commune.objects.get(pk=row.commune_id) if row.commune_id else None,
                               agency=Agency.objects.get(pk=row.agency_id) if row.agency_id else None)
        messages.success(request, _("Đã lưu chỉ tiêu khen thưởng."))
        return redirect("reviews:commendation_list", review.pk)
    return TemplateResponse(request, "simple_form.html", {
        "form": form, "title": _("Chỉ tiêu khen thưởng: %(t)s") % {"t": review.title}, "back": reverse("reviews:review_list")})


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request, review_id):
    review = review_for(request.user, review_id, coordinate=True)
    pending = list(commendations_of(review, statuses=[Commendation.Status.SUBMITTED]))
    form = DecisionForm(request.POST or None, pending=pending)
    if request.method == "POST" and form.is_valid():
        try:
            services.commendation_decide(review=review, actor=request.user, number=form.cleaned_data["number"],
                                         date=form.cleaned_data["date"], signer=form.cleaned_data["signer"],
                                         awards=form.awards(pending))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã ghi quyết định khen thưởng."))
            return redirect("reviews:commendation_list", review.pk)
    return TemplateResponse(request, "simple_form.html", {
        "form": form, "title": _("Quyết định khen thưởng: %(t)s") % {"t": review.title},
        "back": reverse("reviews:review_list")})


def _annex_rows(request, review_id):
    review = review_for(request.user, review_id)
    rows = list(commendations_of(review, statuses=[Commendation.Status.SUBMITTED, Commendation.Status.AWARDED,
                                                   Commendation.Status.NOT_AWARDED])
                .filter(commendations_visible_q(scope_of(request.user), review)))
    return review, rows


@login_required
@require_GET
def commendation_annex_pdf(request, review_id):
    review, rows = _annex_rows(request, review_id)
    return download_response(commendation_list_pdf(review, rows), filename=f"khen-thuong-{review.pk}.pdf",
                             content_type="application/pdf")


@login_required
@require_GET
def commendation_annex_xlsx(request, review_id):
    review, rows = _annex_rows(request, review_id)
    return xlsx_response(commendation_list_xlsx(review, rows), filename=f"khen-thuong-{review.pk}")



