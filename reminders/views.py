"""Everyone's reminder settings, and dismissing a reminder from the home page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from academy.permissions import home_url_name_for

from .forms import ReminderPreferencesForm
from .models import SentReminder
from .services import reminder_dismiss, reminder_preferences_for, reminder_preferences_set


@login_required
def reminder_settings(request):
    preferences = reminder_preferences_for(user=request.user)
    choices = [(p["kind"], p["label"]) for p in preferences]
    if request.method == "POST":
        form = ReminderPreferencesForm(request.POST, choices=choices)
        if form.is_valid():
            reminder_preferences_set(user=request.user, enabled_kinds=form.cleaned_data["kinds"])
            messages.success(request, "Your reminder settings are saved.")
            return redirect("reminders:settings")
    else:
        form = ReminderPreferencesForm(choices=choices, initial={"kinds": [p["kind"] for p in preferences
                                                                           if p["enabled"]]})
    return render(request, "reminders/reminder_settings.html", {"form": form, "has_kinds": bool(choices)})


@login_required
@require_POST
def reminder_dismiss_view(request, pk):
    # Someone else's reminder is a 404: its existence is not revealed.
    reminder = get_object_or_404(SentReminder, pk=pk, recipient=request.user)
    reminder_dismiss(reminder=reminder, user=request.user)
    return redirect(home_url_name_for(request.user))
