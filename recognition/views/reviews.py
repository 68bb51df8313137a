"""Pages of the reviews: the office opens a review and sees who has filed; each unit fills and files its
report (figures prefilled from the portal); the district's draft downloads as DOCX and PDF."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ntm_portal import workflow
from ntm_portal.access import (
    district_of_scope,
    proposing_unit_for,
    require_coordinator,
    review_for,
    review_report_for,
    review_unit_ids,
    scope_of,
)
from ntm_portal.workbooks import download_response

from ..forms_reviews import ReturnForm, ReviewCreateForm, ReviewReportForm
from ..models import Review, ReviewReport
from ..review_documents import areas_sentence, funds_sentence, review_draft_docx, review_draft_pdf
from ..selectors.reviews import build_review_draft, filings, unit_figures
from ..services import reviews as services

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
@require_GET
def review_list(request):
    scope = scope_of(request.user)
    if scope.is_empty:
        raise PermissionDenied
    reviews = Review.objects.filter(district_id__in=review_unit_ids(scope)).select_related("district")
    return TemplateResponse(request, "recognition/review_list.html", {
        "reviews": reviews, "can_create": bool(scope.coordinated_district_ids)})


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request):
    require_coordinator(request.user)
    district = district_of_scope(scope_of(request.user))
    form = ReviewCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_create(district=district, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã tạo đợt sơ kết và giao báo cáo cho các đơn vị."))
            return redirect(review)
    return TemplateResponse(request, "simple_form.html", {
        "form": form, "title": _("Tạo đợt sơ kết, tổng kết"), "back": reverse("reviews:review_list")})


@login_required
@require_GET
def review_detail(request, review_id):
    review = review_for(request.user, review_id)
    scope = scope_of(request.user)
    office = review.district_id in scope.district_ids
    own = None
    if not office:
        try:
            commune, agency = proposing_unit_for(request.user, review)
        except PermissionDenied:
            commune = agency = None
        own = ReviewReport.objects.filter(review=review, commune=commune, agency=agency).first() \
            if (commune or agency) else None
    rows = filings(review) if office else []
    return TemplateResponse(request, "recognition/review_detail.html", {
        "review": review, "office": office, "filings": rows, "own": own,
        "filed_count": sum(1 for x in rows if x.status in (ReviewReport.Status.SUBMITTED, ReviewReport.Status.ACCEPTED)),
        "can_coordinate": scope.can_coordinate(review.district_id)})


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, review_report_id):
    report = review_report_for(request.user, review_report_id)
    writable = report.status in services.EDITABLE
    if request.method == "POST":
        report = review_report_for(request.user, review_report_id, write=True)
        if "nop" in request.POST and workflow.token_seen(report, request.POST.get("token", "")):
            return redirect(report)  # the same submission, sent twice (double tap, retry)
    form = ReviewReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_report_save(report=report, actor=request.user, data=form.cleaned_data)
            if "nop" in request.POST:
                services.review_report_submit(report=report, actor=request.user, token=request.POST.get("token", ""))
                messages.success(request, _("Đã nộp báo cáo sơ kết."))
            else:
                messages.success(request, _("Đã lưu báo cáo."))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect(report)
    figures = unit_figures(report)
    return TemplateResponse(request, "recognition/report_edit.html", {
        "report": report, "form": form, "figures": figures, "writable": writable, "token": uuid.uuid4().hex,
        "funds_sentence": funds_sentence(figures.funds) if figures.funds is not None else "",
        "areas_sentence": areas_sentence(figures.areas) if figures.areas is not None else "",
        "return_form": ReturnForm(), "can_coordinate": scope_of(request.user).can_coordinate(report.review.district_id)})


@login_required
@require_POST
def report_accept(request, review_report_id):
    report = review_report_for(request.user, review_report_id, coordinate=True)
    try:
        services.review_report_accept(report=report, actor=request.user)
        messages.success(request, _("Đã tiếp nhận báo cáo."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(report.review)


@login_required
@require_POST
def report_return(request, review_report_id):
    report = review_report_for(request.user, review_report_id, coordinate=True)
    form = ReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Hãy ghi lý do trả lại."))
        services.review_report_return(report=report, actor=request.user, comment=form.cleaned_data["comment"])
        messages.success(request, _("Đã trả lại báo cáo."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(report.review)


def _draft(request, review_id):
    review = review_for(request.user, review_id)
    if review.district_id not in scope_of(request.user).district_ids:
        raise PermissionDenied  # the district's draft: its office, leaders and inspectors
    return review, build_review_draft(review)


@login_required
@require_GET
def review_draft_docx_view(request, review_id):
    review, draft = _draft(request, review_id)
    return download_response(review_draft_docx(draft), filename=f"du-thao-so-ket-{review.pk}.docx",
                             content_type=DOCX)


@login_required
@require_GET
def review_draft_pdf_view(request, review_id):
    review, draft = _draft(request, review_id)
    return download_response(review_draft_pdf(draft), filename=f"du-thao-so-ket-{review.pk}.pdf",
                             content_type="application/pdf")
