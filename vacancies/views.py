from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from academy.caching import cache_for_anonymous
from academy.form_handling import handle_action, handle_form
from academy.models import User
from academy.permissions import role_required, staff_required
from academy.ratelimits import rate_limited
from courses.permissions import cohorts_visible_to, get_cohort_for_staff_or_404
from providers.models import Site
from providers.permissions import is_staff, scope_to_provider

from . import selectors, services
from .forms import RingFenceForm, VacancyForm, VacancyStatusForm
from .models import VACANCY_TRANSITIONS, RingFence, Vacancy
from .search import guide_query, guide_results_cache_key

GUIDE_PAGE_SIZE = 10
PRINT_PER_PAGE = 4  # vacancies per printed A4 page
GUIDE_PDF_STYLESHEET = "css/vacancies.css"  # found on disk by the staticfiles finders
staff_or_provider = role_required(User.Role.STAFF, User.Role.PROVIDER)


@cache_for_anonymous
def guide(request):
    """The public vacancy guide: open vacancies, searchable and filterable, without logging in.

    The filters and results are the same for everyone asking the same thing, so the template keeps them
    rendered (guide_cache_key: the guide's parameters and version, vacancies.search) for signed-in
    visitors too; the count and the cards are only read when that copy is missing.
    """
    search = selectors.vacancies_search(data=request.GET)
    page = SimpleLazyObject(lambda: Paginator(search.qs, GUIDE_PAGE_SIZE).get_page(request.GET.get("page")))
    return render(request, "vacancies/guide.html", {
        "filter": search, "page": page, "vacancies": SimpleLazyObject(lambda: page.object_list),
        "query": guide_query(request.GET),
        "guide_cache_seconds": settings.GUIDE_RESULTS_CACHE_SECONDS,
        "guide_cache_key": guide_results_cache_key(request.GET),
    })


def guide_print(request):
    """The printable guide: the same filters, every match, a few vacancies to each printed page."""
    search = selectors.vacancies_search(data=request.GET)
    vacancies = list(search.qs)
    sheets = [vacancies[i:i + PRINT_PER_PAGE] for i in range(0, len(vacancies), PRINT_PER_PAGE)]
    return render(request, "vacancies/guide_print.html", {"filter": search, "sheets": sheets,
                                                          "count": len(vacancies)})


@cache_for_anonymous  # outside the limit: a cached copy costs nothing and is never refused
@rate_limited("guide_pdf")
def guide_pdf(request):
    """The printable guide as a PDF (WeasyPrint), for the academy to send to the printers.

    About two seconds of work a copy, so it is cached like the guide page and limited per IP. The
    stylesheet is read from disk, and WeasyPrint gets no base URL: nothing is fetched from an address
    built from the request's Host header.
    """
    from django.http import HttpResponse
    from django.template.loader import render_to_string
    from weasyprint import CSS, HTML

    search = selectors.vacancies_search(data=request.GET)
    vacancies = list(search.qs)
    sheets = [vacancies[i:i + PRINT_PER_PAGE] for i in range(0, len(vacancies), PRINT_PER_PAGE)]
    html = render_to_string("vacancies/guide_pdf.html", {"sheets": sheets, "count": len(vacancies)},
                            request=request)
    stylesheet = CSS(filename=finders.find(GUIDE_PDF_STYLESHEET) or staticfiles_storage.path(GUIDE_PDF_STYLESHEET))
    pdf = HTML(string=html).write_pdf(stylesheets=[stylesheet])
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="vacancy-guide.pdf"'
    return response


def public_detail(request, pk):
    """A vacancy for the public, with the way to it: applying for a course that leads to it."""
    vacancy = get_object_or_404(selectors.open_vacancies(), pk=pk)
    return render(request, "vacancies/public_detail.html",
                  {"vacancy": vacancy, "routes": selectors.vacancy_routes(vacancy=vacancy)})


# --- managing vacancies (providers for their own, staff for all) --------------------------------


def _sites_for(user):
    return scope_to_provider(Site.objects.select_related("provider"), user).order_by("provider__name", "name")


def _get_vacancy(user, pk) -> Vacancy:
    vacancy = scope_to_provider(Vacancy.objects.select_related("provider", "site", "setting"), user).filter(
        pk=pk).first()
    if vacancy is None:
        raise Http404("No such vacancy.")
    return vacancy


@staff_or_provider
def manage_list(request):
    vacancies = selectors.vacancies_for_user(request.user)
    return render(request, "vacancies/manage_list.html", {"vacancies": vacancies,
                                                          "own_only": request.user.is_provider_user})


@staff_or_provider
def vacancy_create(request):
    form = VacancyForm(request.POST or None, sites=_sites_for(request.user))

    def create():
        data = form.vacancy_fields()
        status = Vacancy.Status.OPEN if "publish" in request.POST else Vacancy.Status.DRAFT
        return services.vacancy_create(provider=data["site"].provider, by=request.user, status=status,
                                       client_groups=form.cleaned_data["client_groups"], **data)

    if response := handle_form(
        request, form, create,
        success_message=lambda vacancy: f"Vacancy saved as {vacancy.get_status_display().lower()}.",
        success_url=lambda vacancy: reverse("vacancies:manage_detail", args=[vacancy.pk]),
    ):
        return response
    return render(request, "vacancies/vacancy_form.html", {"form": form, "title": "Add a vacancy", "new": True})


@staff_or_provider
def vacancy_edit(request, pk):
    vacancy = _get_vacancy(request.user, pk)
    form = VacancyForm(request.POST or None, instance=vacancy, sites=_sites_for(request.user).filter(
        provider=vacancy.provider))
    if response := handle_form(
        request, form, lambda: services.vacancy_update(vacancy=vacancy, by=request.user,
                                                       client_groups=form.cleaned_data["client_groups"],
                                                       **form.vacancy_fields()),
        success_message="Vacancy saved.", success_url=reverse("vacancies:manage_detail", args=[vacancy.pk]),
    ):
        return response
    return render(request, "vacancies/vacancy_form.html", {"form": form, "title": f"Edit {vacancy.role_title}",
                                                           "vacancy": vacancy})


@staff_or_provider
def manage_detail(request, pk):
    vacancy = _get_vacancy(request.user, pk)
    context = {"vacancy": vacancy, "next_statuses": sorted(VACANCY_TRANSITIONS[vacancy.status]),
               "ring_fence_form": RingFenceForm(), "can_edit": services.vacancy_can_be_edited(vacancy),
               "can_ring_fence": services.vacancy_can_be_ring_fenced(vacancy)}
    context.update(selectors.vacancy_detail_for_manager(vacancy=vacancy, user=request.user))
    context["next_statuses"] = [Vacancy.Status(s) for s in context["next_statuses"]]
    return render(request, "vacancies/manage_detail.html", context)


@require_POST
@staff_or_provider
def vacancy_status(request, pk):
    vacancy = _get_vacancy(request.user, pk)
    form = VacancyStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a status.")
    else:
        to_status = form.cleaned_data["to_status"]
        handle_action(
            request, lambda: services.vacancy_transition(vacancy=vacancy, to_status=to_status, by=request.user),
            success_message=f"The vacancy is now {Vacancy.Status(to_status).label.lower()}.",
        )
    return redirect("vacancies:manage_detail", pk=vacancy.pk)


@staff_or_provider
def ring_fence_create(request, pk):
    vacancy = _get_vacancy(request.user, pk)
    form = RingFenceForm(request.POST or None)
    if response := handle_form(
        request, form, lambda: services.ring_fence_create(vacancy=vacancy, by=request.user, **form.cleaned_data),
        success_message="Interview places ring-fenced.",
        success_url=reverse("vacancies:manage_detail", args=[vacancy.pk]),
    ):
        return response
    return render(request, "form_page.html", {
        "form": form, "title": f"Ring-fence interviews on {vacancy.role_title}",
        "intro": "Keep interview places on this vacancy for learners finishing a course: this is how the "
                 "academy keeps its promise of a guaranteed interview.",
    })


@require_POST
@staff_or_provider
def ring_fence_delete(request, pk):
    ring_fence = scope_to_provider(RingFence.objects.all(), request.user, "vacancy__provider").filter(pk=pk).first()
    if ring_fence is None:
        raise Http404("No such ring-fence.")
    vacancy_id = ring_fence.vacancy_id
    services.ring_fence_delete(ring_fence=ring_fence)
    messages.success(request, "Ring-fence removed.")
    return redirect("vacancies:manage_detail", pk=vacancy_id)


# --- the guaranteed-interview promise, per cohort (staff) -----------------------------------------


@staff_required
def cohort_guarantees(request):
    cohorts = selectors.cohorts_guarantee_summary().filter(pk__in=cohorts_visible_to(request.user).values("pk"))
    return render(request, "vacancies/cohort_guarantees.html", {"cohorts": cohorts})


@staff_required
def cohort_guarantee(request, pk):
    cohort = get_cohort_for_staff_or_404(request.user, pk)
    return render(request, "vacancies/cohort_guarantee.html",
                  {"g": selectors.cohort_interview_guarantee(cohort=cohort), "is_staff": is_staff(request.user)})
