"""Staff edit the wording of each message, with a live preview from sample data. Academy staff only.
(The messages that need staff, with their retry button, are a work queue: workqueue.views.)"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from academy.form_handling import add_service_errors
from academy.permissions import staff_required

from . import services
from .events import EVENTS_BY_KEY
from .forms import MessageTemplateForm
from .models import MessageTemplate
from .selectors import message_templates


@staff_required
def template_list(request):
    return render(request, "notifications/template_list.html", {"templates": message_templates()})


def _preview(template, data) -> dict:
    subject, body = data.get("subject", ""), data.get("body", "")
    preview = {"subject": "", "body": "", "error": ""}
    try:
        MessageTemplate(event=template.event, channel=template.channel, subject=subject, body=body).clean()
    except ValidationError as exc:
        preview["error"] = " ".join(exc.messages)
    preview["subject"], preview["body"] = services.message_preview(event=template.event, subject=subject, body=body)
    return preview


@staff_required
def template_edit(request, pk):
    template = get_object_or_404(MessageTemplate, pk=pk)
    event = EVENTS_BY_KEY[template.event]
    initial = {"subject": template.subject, "body": template.body}
    form = MessageTemplateForm(request.POST or None, initial=initial, channel=template.channel,
                               placeholders=list(event.placeholders))
    preview = _preview(template, request.POST if request.method == "POST" else initial)
    if request.method == "POST" and "preview" not in request.POST and form.is_valid():
        try:
            services.message_template_save(template=template, by=request.user,
                                           subject=form.cleaned_data.get("subject", ""),
                                           body=form.cleaned_data["body"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved the wording of “{template}”.")
            return redirect("notifications:template_list")
    return render(request, "notifications/template_edit.html", {
        "template": template, "event": event, "form": form, "preview": preview})


@require_POST
@staff_required
def template_preview(request, pk):
    """The preview alone, for the edit page's script to refresh as staff type."""
    template = get_object_or_404(MessageTemplate, pk=pk)
    html = render_to_string("notifications/_preview.html", {"preview": _preview(template, request.POST),
                                                             "template": template})
    return HttpResponse(html)
