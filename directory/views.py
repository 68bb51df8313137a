from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ntm_portal.access import agency_for, commune_for, require_coordinator, scope_of

from . import selectors, services
from .forms import AgencyFilterForm, HouseholdForm, IssuerForm, MonitorCommunesForm, PersonForm
from .models import AdministrativeUnit, HouseholdCount, Membership, Person, Role, Village


@login_required
@require_GET
def commune_list(request):
    scope = scope_of(request.user)
    if not scope.district_ids and not scope.monitored_commune_ids:
        raise PermissionDenied
    rows = selectors.commune_rows(scope)
    return TemplateResponse(request, "directory/commune_list.html", {"rows": rows})


@login_required
@require_GET
def commune_detail(request, commune_id):
    commune = commune_for(request.user, commune_id)
    scope = scope_of(request.user)
    villages = list(selectors.villages_of([commune.pk]))
    assignments = list(selectors.assignments_of_commune(commune))
    return TemplateResponse(request, "directory/commune_detail.html", {
        "commune": commune,
        "villages": villages,
        "households": sum(v.households or 0 for v in villages),
        "current": [a for a in assignments if a.valid_to is None],
        "history": [a for a in assignments if a.valid_to is not None],
        "can_manage": scope.can_manage_commune(commune),
    })


@login_required
@require_http_methods(["GET", "POST"])
def household_edit(request, village_id):
    village = Village.objects.filter(pk=village_id).first()
    if village is None:
        raise Http404
    commune = commune_for(request.user, village.parent_id, manage=True)
    form = HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.household_count_set(village=village, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Đã lưu số hộ dân của %(village)s.") % {"village": village})
        return redirect(commune)
    history = HouseholdCount.objects.filter(village=village).order_by("-as_of")
    return TemplateResponse(request, "directory/household_edit.html",
                            {"village": village, "commune": commune, "form": form, "history": history})


@login_required
@require_GET
def agency_list(request):
    scope = scope_of(request.user)
    if not scope.district_ids:
        raise PermissionDenied
    form = AgencyFilterForm(request.GET or None)
    kind = search = ""
    if form.is_valid():
        kind, search = form.cleaned_data["kind"], form.cleaned_data["q"]
    agencies = selectors.agencies_for(scope, kind=kind, search=search)
    return TemplateResponse(request, "directory/agency_list.html", {"agencies": agencies, "form": form})


@login_required
@require_GET
def agency_detail(request, agency_id):
    agency = agency_for(request.user, agency_id)
    scope = scope_of(request.user)
    search = request.GET.get("q", "")
    # Paged in the database (issue 16): an agency of 1,000+ staff is not one 160 KB page.
    page = Paginator(selectors.staff_of(agency, search=search), STAFF_PAGE_SIZE).get_page(request.GET.get("trang"))
    return TemplateResponse(request, "directory/agency_detail.html", {
        "agency": agency,
        "staff": page.object_list,
        "page": page,
        "search": search,
        "assignments": agency.assignments.select_related("commune").order_by("valid_to", "-valid_from"),
        "show_contacts": scope.sees_personal_data(agency),
        "can_edit": scope.can_write_agency(agency),
    })


STAFF_PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request, agency_id):
    agency = agency_for(request.user, agency_id, write=True)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.person_create(agency=agency, actor=request.user, full_name=data["full_name"],
                                   position=data["position"], phone=data["phone"],
                                   is_party_member=data["is_party_member"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã thêm %(name)s vào danh sách cán bộ.") % {"name": data["full_name"]})
            return redirect(agency)
    return TemplateResponse(request, "directory/person_form.html", {"agency": agency, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, person_id):
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise Http404
    agency = agency_for(request.user, person.agency_id, write=True)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        services.person_update(person=person, actor=request.user,
                               **{k: form.cleaned_data[k] for k in form.changed_data})
        messages.success(request, _("Đã lưu thông tin %(name)s.") % {"name": person.full_name})
        return redirect(agency)
    return TemplateResponse(request, "directory/person_form.html",
                            {"agency": agency, "form": form, "person": person})



def _coordinated_district(user) -> AdministrativeUnit:
    """The unit the coordinator works for: a district, a province's office or a merged commune."""
    require_coordinator(user)
    scope = scope_of(user)
    unit = scope.coordinating_unit
    if unit is None or unit.pk not in scope.coordinated_district_ids:
        unit = AdministrativeUnit.objects.get(pk=min(scope.coordinated_district_ids))
    return unit


@login_required
@require_GET
def monitor_list(request):
    """Area monitors (and other leaders) of the district, with the communes each follows."""
    district = _coordinated_district(request.user)
    memberships = (
        Membership.objects.filter(role__in=[Role.LEADER, Role.AREA_MONITOR])
        .filter(Q(unit=district) | Q(unit__parent=district))
        .select_related("user", "unit").order_by("user__last_name", "user__first_name", "unit__code")
    )
    people: dict = {}
    for m in memberships:
        communes = people.setdefault(m.user, [])
        if m.role == Role.AREA_MONITOR:
            communes.append(m.unit)
    return TemplateResponse(request, "directory/monitor_list.html", {"district": district, "people": people})


@login_required
@require_http_methods(["GET", "POST"])
def monitor_edit(request, user_id):
    district = _coordinated_district(request.user)
    membership = (
        Membership.objects.filter(user_id=user_id, role__in=[Role.LEADER, Role.AREA_MONITOR])
        .filter(Q(unit=district) | Q(unit__parent=district)).select_related("user").first()
    )
    if membership is None:
        raise Http404
    person = membership.user
    current = Membership.objects.filter(user=person, role=Role.AREA_MONITOR,
                                        unit__in=services.communes_coordinated(district))
    form = MonitorCommunesForm(request.POST or None, district=district,
                               initial={"communes": [m.unit_id for m in current]})
    if request.method == "POST" and form.is_valid():
        services.monitor_communes_set(user=person, district=district, communes=list(form.cleaned_data["communes"]),
                                      actor=request.user)
        messages.success(request, _("Đã lưu địa bàn theo dõi."))
        return redirect("directory:monitor_list")
    return TemplateResponse(request, "directory/monitor_edit.html", {"person": person, "form": form})


def _issuer_unit(user, unit_id):
    """The coordinating unit itself or one of its current communes; anything else is out of scope."""
    district = _coordinated_district(user)
    from .models import AdministrativeUnit

    unit = AdministrativeUnit.objects.filter(pk=unit_id).filter(Q(pk=district.pk) | Q(parent=district)).first()
    if unit is None or (unit.pk != district.pk and unit.level != "commune"):
        raise Http404
    return district, unit


@login_required
@require_GET
def issuer_list(request):
    """The coordinator's page: who issues the documents of the coordinating unit and of each commune."""
    district = _coordinated_district(request.user)
    return TemplateResponse(request, "directory/issuer_list.html", {
        "district": district, "issuers": selectors.issuers_for_coordinator(district)})


@login_required
@require_http_methods(["GET", "POST"])
def issuer_edit(request, unit_id):
    _district, unit = _issuer_unit(request.user, unit_id)
    issuer = selectors.issuer_of(unit)
    form = IssuerForm(request.POST or None, instance=issuer)
    if request.method == "POST" and form.is_valid():
        try:
            services.issuer_save(unit=unit, actor=request.user,
                                 **{k: form.cleaned_data[k] for k in services.ISSUER_FIELDS})
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu thông tin ban hành văn bản của %(unit)s.") % {"unit": unit.full_name})
            return redirect("directory:issuer_list")
    return TemplateResponse(request, "directory/issuer_edit.html", {"unit": unit, "form": form, "issuer": issuer})
