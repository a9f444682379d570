"""Staff page of background tasks, with retry."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .models import TaskRecord
from .permissions import staff_required
from .selectors_tasks import tasks_failed, tasks_recent
from .tasks import TaskNotRetryable, task_retry


@staff_required
def task_list(request):
    return render(request, "academy/task_list.html", {"failed": tasks_failed(), "recent": tasks_recent()})


@staff_required
@require_POST
def task_retry_view(request, pk):
    record = get_object_or_404(TaskRecord, pk=pk)
    try:
        new = task_retry(record=record, by=request.user)
    except TaskNotRetryable as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"The task was sent again (new task {new.task_id[:8]}).")
    return redirect("academy:task_list")
