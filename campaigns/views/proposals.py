"""Proposals from villages: the coordinator assigns and records answers; communes read them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ntm_portal.access import require_coordinator, scope_of

from ..forms.reports import ProposalAnswerForm, ProposalAssignForm, ProposalFilterForm
from ..selectors import reports as selectors
from ..selectors.rosters import programme_owner_id_of
from ..services import proposals as services


@login_required
@require_GET
def proposal_list(request):
    scope = scope_of(request.user)
    if not (scope.district_ids or scope.officer_commune_ids or scope.monitored_commune_ids):
        raise PermissionDenied
    form = ProposalFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = Paginator(selectors.proposals_for(request.user, status=status), 50).get_page(request.GET.get("trang"))
    return TemplateResponse(request, "campaigns/proposal_list.html", {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request, proposal_id):
    proposal = selectors.proposal_for(request.user, proposal_id)  # 404 outside the scope
    district_id = programme_owner_id_of(proposal.commune)
    can_manage = scope_of(request.user).can_coordinate(district_id)
    which = request.POST.get("form") if request.method == "POST" else None
    if request.method == "POST":
        require_coordinator(request.user, district_id)
    assign_form = ProposalAssignForm(request.POST if which == "assign" else None, district_id=district_id,
                                     initial={"agency": proposal.agency_id})
    answer_form = ProposalAnswerForm(request.POST if which == "answer" else None)
    try:
        if which == "assign" and assign_form.is_valid():
            services.proposal_assign(proposal=proposal, agency=assign_form.cleaned_data["agency"], actor=request.user)
            messages.success(request, _("Đã giao kiến nghị cho %(agency)s.") % {
                "agency": assign_form.cleaned_data["agency"]})
            return redirect(proposal)
        if which == "answer" and answer_form.is_valid():
            services.proposal_answer(proposal=proposal, answer=answer_form.cleaned_data["answer"], actor=request.user)
            messages.success(request, _("Đã ghi nhận trả lời; xã sẽ thấy nội dung này."))
            return redirect(proposal)
    except ValidationError as exc:
        (answer_form if which == "answer" else assign_form).add_error(None, exc)
    return TemplateResponse(request, "campaigns/proposal_detail.html", {
        "proposal": proposal, "can_manage": can_manage, "assign_form": assign_form, "answer_form": answer_form,
    })
