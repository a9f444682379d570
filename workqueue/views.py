"""The staff home (a work queue), each queue's list, and learner search. Staff only."""

from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from academy.pagination import CountedPaginator
from academy.permissions import staff_required
from learners.permissions import learners_visible_to
from learners.selectors_workqueue import learners_search
from notifications import services as notification_services
from notifications.models import Notification

from .forms import LearnerSearchForm, SendAgainForm
from .queues import QUEUES_BY_SLUG, queue_counts, queue_rows

PAGE_SIZE = 25


@require_GET
@staff_required
def home(request):
    """What is waiting for this staff member, queue by queue, with links to each list."""
    return render(request, "workqueue/home.html", {"queues": queue_counts(request.user)})


@require_GET
@staff_required
def queue_list(request, slug):
    queue = QUEUES_BY_SLUG.get(slug)
    if queue is None:
        raise Http404("No such work queue.")
    page = Paginator(queue_rows(queue, request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workqueue/queue.html", {
        "queue": queue, "page": page, "rows_template": f"workqueue/rows/{slug}.html"})


@require_GET
@staff_required
def search(request):
    """Learners in the staff member's localities by name (partial or misspelt), email, phone or postcode."""
    form = LearnerSearchForm(request.GET if "q" in request.GET else None)
    page = None
    query = ""
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        results = learners_search(learners=learners_visible_to(request.user), query=query)
        page = CountedPaginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "workqueue/search.html", {"form": form, "page": page, "query": query,
                                                     "search_query_string": urlencode({"q": query})})


def _visible_message(request, pk) -> Notification:
    """A message about a learner the staff member may see; 404 for any other."""
    return get_object_or_404(Notification, pk=pk, learner__in=learners_visible_to(request.user))


def _act_on_message(request, message: Notification, service, done: str):
    """Runs a staff action on a message (fetched by _visible_message), saying what happened."""
    try:
        service(notification=message, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{done}: {message}.")
    return redirect("workqueue:queue", "messages")


@require_POST
@staff_required
def message_retry(request, pk):
    """Sends a failed message again (it is sent once, however often the button is pressed)."""
    return _act_on_message(request, _visible_message(request, pk), notification_services.notification_retry,
                           "Sending again")


@require_POST
@staff_required
def letter_posted(request, pk):
    return _act_on_message(request, _visible_message(request, pk), notification_services.letter_mark_posted,
                           "Marked as posted")


@require_POST
@staff_required
def message_mark_sent(request, pk):
    """A message whose sending stopped part-way, which staff have checked did arrive."""
    return _act_on_message(request, _visible_message(request, pk), notification_services.notification_mark_sent,
                           "Marked as sent")


@require_POST
@staff_required
def message_send_again(request, pk):
    """Sends again a message whose sending stopped part-way, once staff tick that it may arrive twice;
    unticked, the page asks again with the reason."""
    message = _visible_message(request, pk)
    form = SendAgainForm(request.POST)
    if not form.is_valid():
        return render(request, "workqueue/message_send_again.html", {"message": message, "form": form},
                      status=400)
    resend = partial(notification_services.notification_retry, accept_duplicate=True)
    return _act_on_message(request, message, resend, "Sending again")
