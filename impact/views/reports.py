"""Printable impact reports: asking for one, and downloading it once built."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from academy.services import audit_record
from impact import permissions
from impact.forms.filters import ImpactReportForm
from impact.models import ImpactReport
from impact.permissions import staff_or_partner
from impact.services.reports import impact_report_request


@staff_or_partner
def reports(request):
    if request.method == "POST":
        form = ImpactReportForm(request.POST)
        if form.is_valid():
            report = impact_report_request(requested_by=request.user, period_start=form.cleaned_data["period_start"],
                                           period_end=form.cleaned_data["period_end"],
                                           locality=form.cleaned_data["locality"])
            if report.status == ImpactReport.Status.FAILED:
                messages.error(request, "The report could not be started just now. Please try again shortly.")
            else:
                messages.success(request, "Your report is being prepared. It will appear in the list below when "
                                          "ready.")
            audit_record(action="impact.report_requested", request=request, obj=report)
            return redirect("impact:reports")
    else:
        form = ImpactReportForm()
    reports_list = permissions.reports_visible_to(request.user)[:50]
    return render(request, "impact/reports.html", {"form": form, "reports": reports_list})


@staff_or_partner
def report_download(request, pk):
    report = permissions.get_report_for_user(request.user, pk)
    if report.status != ImpactReport.Status.READY or not report.file:
        raise Http404("This report is not ready yet.")
    audit_record(action="impact.report_downloaded", request=request, obj=report)
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.file.name.rsplit("/", 1)[-1],
                        content_type="application/pdf")
