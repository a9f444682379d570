"""Pages for personnel files: staff build and release, the learner downloads theirs, providers download released ones."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from academy.caching import no_store
from academy.form_handling import handle_action
from academy.permissions import learner_required, provider_required, staff_required

from ..models import PersonnelFileRelease
from ..permissions import get_learner_for_staff_or_404, learners_visible_to
from ..selectors import learner_for_user, learner_has_sharing_consent, live_consent
from . import selectors, services
from .permissions import (
    LinkExpired,
    ready_file_or_404,
    release_for_download_or_404,
    release_is_live,
)


def _pdf_response(personnel_file, learner):
    # Served by this view only (MEDIA_ROOT is outside the web root); never cached by browsers or proxies.
    handle = personnel_file.pdf.open("rb")
    response = FileResponse(handle, as_attachment=True, content_type="application/pdf",
                            filename=f"personnel-file-{learner.last_name or 'learner'}-{learner.pk}.pdf".lower())
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_required
def staff_overview(request):
    overview = selectors.personnel_files_overview(learners_qs=learners_visible_to(request.user))
    return render(request, "learners/personnel_file/staff_list.html", overview)


@staff_required
@no_store
def staff_file(request, learner_id):
    learner = get_learner_for_staff_or_404(request.user, learner_id)
    releases = selectors.releases_for_learner(learner=learner)
    context = {
        "learner": learner,
        "personnel_file": selectors.personnel_file_for(learner=learner),
        "offers": selectors.accepted_offers_for(learner=learner),
        "releases": [{"release": r, "live": release_is_live(r)} for r in releases],
        "consent": live_consent(learner),
    }
    return render(request, "learners/personnel_file/staff_file.html", context)


@staff_required
@require_POST
def staff_build(request, learner_id):
    learner = get_learner_for_staff_or_404(request.user, learner_id)
    if services.personnel_file_request_build(learner=learner, by=request.user).queued:
        messages.success(request, "The personnel file is being prepared. It will be ready in a few moments.")
    else:
        messages.error(request, "The personnel file could not be started just now. Please try again shortly.")
    return redirect("learners:personnel_file", learner_id=learner.pk)


@staff_required
@require_POST
def staff_release(request, learner_id):
    learner = get_learner_for_staff_or_404(request.user, learner_id)
    offers = {str(offer.pk): offer for offer in selectors.accepted_offers_for(learner=learner)}
    offer = offers.get(request.POST.get("offer", ""))
    if offer is None:
        messages.error(request, "Choose an accepted job offer to release the file to.")
        return redirect("learners:personnel_file", learner_id=learner.pk)
    handle_action(
        request, lambda: services.personnel_file_release(learner=learner, job_offer=offer, by=request.user,
                                                         request=request),
        success_message=lambda release: f"The personnel file is released to {release.provider.name} until "
                                        f"{release.expires_at:%d %B %Y}.",
    )
    return redirect("learners:personnel_file", learner_id=learner.pk)


@staff_required
@require_POST
def staff_revoke(request, release_id):
    release = get_object_or_404(PersonnelFileRelease.objects.select_related("provider"), pk=release_id)
    learner = get_learner_for_staff_or_404(request.user, release.learner_id)
    services.personnel_file_release_revoke(release=release, by=request.user, request=request)
    messages.success(request, f"{release.provider.name} can no longer download the file.")
    return redirect("learners:personnel_file", learner_id=learner.pk)


@staff_required
@require_GET
@never_cache
def staff_download(request, learner_id):
    learner = get_learner_for_staff_or_404(request.user, learner_id)
    personnel_file = ready_file_or_404(learner.pk)
    services.personnel_file_download_record(personnel_file=personnel_file, user=request.user, request=request)
    return _pdf_response(personnel_file, learner)


@learner_required
@no_store
def my_file(request):
    learner = learner_for_user(request.user)
    context = {
        "learner": learner,
        "personnel_file": selectors.personnel_file_for(learner=learner) if learner else None,
        "releases": selectors.releases_for_learner(learner=learner) if learner else [],
        "has_consent": learner_has_sharing_consent(learner) if learner else False,
    }
    return render(request, "learners/personnel_file/mine.html", context)


@learner_required
@require_POST
def my_file_build(request):
    learner = learner_for_user(request.user)
    if learner is None:
        raise Http404("No learner record.")
    if services.personnel_file_request_build(learner=learner, by=request.user).queued:
        messages.success(request, "Your personnel file is being prepared. Refresh this page in a moment.")
    else:
        messages.error(request, "We could not start preparing your personnel file just now. Please try again "
                                "shortly.")
    return redirect("learners:my_personnel_file")


@learner_required
@require_GET
@never_cache
def my_file_download(request):
    learner = learner_for_user(request.user)
    if learner is None:
        raise Http404("No learner record.")
    personnel_file = ready_file_or_404(learner.pk)
    services.personnel_file_download_record(personnel_file=personnel_file, user=request.user, request=request)
    return _pdf_response(personnel_file, learner)


@provider_required
def provider_files(request):
    rows = selectors.live_releases_for_provider(provider_id=request.user.provider_id)
    return render(request, "learners/personnel_file/provider_list.html", {"rows": rows})


@provider_required
@require_GET
@never_cache
def provider_download(request, token):
    try:
        release = release_for_download_or_404(request.user, token)
    except LinkExpired as expired:
        services.personnel_file_download_refused(user=request.user, request=request, reason=expired.reason)
        return render(request, "learners/personnel_file/link_expired.html", {"reason": expired.reason}, status=410)
    personnel_file = ready_file_or_404(release.learner_id)
    services.personnel_file_download_record(personnel_file=personnel_file, user=request.user, request=request,
                                            release=release)
    return _pdf_response(personnel_file, release.learner)
