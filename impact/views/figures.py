"""The impact dashboard, its CSV, the learners behind a figure, and each programme's NESTA evidence."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from academy.exports import csv_writer
from academy.permissions import staff_required
from academy.services import audit_record
from courses.models import Programme
from impact import permissions
from impact.forms.filters import ImpactFilterForm
from impact.models import ProgrammeEvidence
from impact.permissions import staff_or_partner
from impact.selectors.figures import (
    DRILLDOWN_STAGES,
    FUNNEL_LABELS,
    ImpactFilters,
    cached_impact_figures,
    drilldown_applications,
    filters_description,
)
from impact.tables import impact_tables
from learners.permissions import learners_visible_to


def _filtered_tables(request):
    """The filter form, its filters, whether this is the staff (unsuppressed) view, and the tables, which
    are only built when first used (the dashboard may have them rendered already)."""
    staff = permissions.sees_unsuppressed_figures(request.user)
    form = ImpactFilterForm(request.GET or None, staff=staff)
    filters = form.filters()
    tables = SimpleLazyObject(lambda: impact_tables(cached_impact_figures(filters=filters), suppress=not staff))
    return form, filters, tables, staff


@staff_or_partner
def dashboard(request):
    form, filters, tables, staff = _filtered_tables(request)
    query = form.canonical_query()
    # The figures are the same for everyone in one audience with the same filters, so the template
    # keeps them rendered (figures_cache_key); the tables are only built when that copy has expired.
    return render(request, "impact/dashboard.html", {
        "form": form, "filters": filters, "tables": tables, "query": query, "staff_view": staff,
        "coverage": SimpleLazyObject(lambda: filters_description(filters, staff=staff)),
        "figures_cache_seconds": settings.IMPACT_FIGURES_CACHE_SECONDS,
        "figures_cache_key": f"{'staff' if staff else 'suppressed'}?{query}",
    })


@staff_or_partner
def dashboard_csv(request):
    """Every table on the dashboard (or one, with ?table=key), as the same audience sees it."""
    form, filters, tables, _staff = _filtered_tables(request)
    wanted = request.GET.get("table")
    chosen = [tables.get(wanted)] if wanted else tables.all()
    if None in chosen:
        raise Http404("No such table.")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="impact-{wanted or "dashboard"}-{timezone.localdate():%Y%m%d}.csv"'
    writer = csv_writer(response)
    writer.writerow(["Care Academy impact figures",
                     "small numbers protected (1 to 4 shown as fewer than 5, other counts rounded to 5)" if tables.suppressed else "staff view, not suppressed"])
    writer.writerow(["What these figures cover"])
    writer.writerows([label, value] for label, value in filters_description(filters, staff=_staff))
    for table in chosen:
        writer.writerow([])
        writer.writerows(table.as_csv_rows())
    return response


@staff_required
def drilldown(request, step):
    """The learners behind one funnel figure: staff only, limited to the localities they cover."""
    if step not in DRILLDOWN_STAGES:
        raise Http404("No such figure.")
    form = ImpactFilterForm(request.GET or None, staff=True)
    filters = form.filters()
    qs = drilldown_applications(filters=filters, step=step, learners=learners_visible_to(request.user))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    audit_record(action="impact.drilldown_viewed", request=request, note=f"step={step}")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "impact/drilldown.html", {
        "step": step, "label": FUNNEL_LABELS[step], "page": page, "form": form, "query": query.urlencode(),
    })


@staff_or_partner
def evidence_list(request):
    programmes = Programme.objects.order_by("name").prefetch_related("evidence")
    return render(request, "impact/evidence_list.html", {"programmes": programmes})


@staff_or_partner
def evidence_detail(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    reviews = list(ProgrammeEvidence.objects.filter(programme=programme).select_related("reviewed_by"))
    tables = impact_tables(cached_impact_figures(filters=ImpactFilters(programme_id=programme.pk)),
                           suppress=not permissions.sees_unsuppressed_figures(request.user))
    return render(request, "impact/evidence_detail.html", {
        "programme": programme, "current": reviews[0] if reviews else None, "history": reviews[1:],
        "tables": tables, "levels": ProgrammeEvidence.Level.choices, "query": f"programme={programme.pk}",
        "can_review": permissions.can_review_evidence(request.user),
    })
