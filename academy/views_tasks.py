"""Staff page of background tasks with retry; everyone's reminder settings and dismissing reminders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .forms_reminders import ReminderPreferencesForm
from .models import SentReminder, TaskRecord
from .permissions import home_url_name_for, staff_required
from .reminders import reminder_dismiss, reminder_preferences_for, reminder_preferences_set
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


@login_required
def reminder_settings(request):
    preferences = reminder_preferences_for(user=request.user)
    choices = [(p["kind"], p["label"]) for p in preferences]
    if request.method == "POST":
        form = ReminderPreferencesForm(request.POST, choices=choices)
        if form.is_valid():
            reminder_preferences_set(user=request.user, enabled_kinds=form.cleaned_data["kinds"])
            messages.success(request, "Your reminder settings are saved.")
            return redirect("academy:reminder_settings")
    else:
        form = ReminderPreferencesForm(choices=choices, initial={"kinds": [p["kind"] for p in preferences
                                                                           if p["enabled"]]})
    return render(request, "academy/reminder_settings.html", {"form": form, "has_kinds": bool(choices)})


@login_required
@require_POST
def reminder_dismiss_view(request, pk):
    # Someone else's reminder is a 404: its existence is not revealed.
    reminder = get_object_or_404(SentReminder, pk=pk, recipient=request.user)
    reminder_dismiss(reminder=reminder, user=request.user)
    return redirect(home_url_name_for(request.user))
