from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from academy.form_handling import handle_form
from academy.models import User
from academy.permissions import provider_required, role_required, staff_required

from . import permissions as perms
from . import services
from .forms import ContactForm, ProviderForm, SiteForm
from .models import Provider

staff_or_provider = role_required(User.Role.STAFF, User.Role.PROVIDER)


def _form_page(request, form, title, provider=None):
    """A provider's form, with a link back to the provider it belongs to."""
    back = {"back_url": reverse("providers:detail", args=[provider.pk]),
            "back_label": f"Back to {provider.name}"} if provider else {}
    return render(request, "form_page.html", {"form": form, "title": title, **back})


@provider_required
def home(request):
    """The provider's dashboard: vacancies, ring-fences, placements, interviews and outcomes to record."""
    from placements.selectors import provider_dashboard

    return render(request, "providers/home.html", provider_dashboard(provider_id=request.user.provider_id))


@staff_required
def provider_list(request):
    providers = (Provider.objects.select_related("locality")
                 .annotate(site_count=Count("sites", distinct=True),
                           open_vacancies=Count("vacancies", filter=Q(vacancies__status="open"), distinct=True))
                 .order_by("name"))
    return render(request, "providers/provider_list.html", {"providers": providers})


@staff_required
def provider_create(request):
    form = ProviderForm(request.POST or None)
    if response := handle_form(
        request, form, lambda: services.provider_create(**form.cleaned_data),
        success_message=lambda provider: f"{provider} added.",
        success_url=lambda provider: reverse("providers:detail", args=[provider.pk]),
    ):
        return response
    return _form_page(request, form, "Add a provider")


@staff_or_provider
def provider_detail(request, pk):
    provider = perms.get_provider_or_404(request.user, pk)
    context = {
        "provider": provider,
        "sites": provider.sites.select_related("locality"),
        "contacts": provider.contacts.all(),
        "vacancies": provider.vacancies.select_related("site", "setting").order_by("status", "closing_date"),
        "settings_list": provider.settings.all(),
        "client_groups_list": provider.client_groups.all(),
    }
    return render(request, "providers/provider_detail.html", context)


@staff_or_provider
def provider_edit(request, pk):
    provider = perms.get_provider_or_404(request.user, pk)
    form = ProviderForm(request.POST or None, instance=provider)
    if response := handle_form(
        request, form, lambda: services.provider_update(provider=provider, **form.cleaned_data),
        success_message="Organisation details saved.", success_url=reverse("providers:detail", args=[provider.pk]),
    ):
        return response
    return _form_page(request, form, f"Edit {provider}", provider)


@staff_or_provider
def site_create(request, pk):
    provider = perms.get_provider_or_404(request.user, pk)
    form = SiteForm(request.POST or None, initial={"locality": provider.locality_id})
    if response := handle_form(
        request, form, lambda: services.site_save(provider=provider, **form.cleaned_data),
        success_message="Site added.", success_url=reverse("providers:detail", args=[provider.pk]),
    ):
        return response
    return _form_page(request, form, f"Add a site for {provider}", provider)


@staff_or_provider
def site_edit(request, pk):
    site = perms.get_site_or_404(request.user, pk)
    form = SiteForm(request.POST or None, instance=site)
    if response := handle_form(
        request, form, lambda: services.site_save(provider=site.provider, site=site, **form.cleaned_data),
        success_message="Site saved.", success_url=reverse("providers:detail", args=[site.provider_id]),
    ):
        return response
    return _form_page(request, form, f"Edit {site.name}", site.provider)


@staff_or_provider
def contact_create(request, pk):
    provider = perms.get_provider_or_404(request.user, pk)
    form = ContactForm(request.POST or None)
    if response := handle_form(
        request, form, lambda: services.contact_save(provider=provider, **form.cleaned_data),
        success_message="Contact added.", success_url=reverse("providers:detail", args=[provider.pk]),
    ):
        return response
    return _form_page(request, form, f"Add a contact at {provider}", provider)


@staff_or_provider
def contact_edit(request, pk):
    contact = perms.get_contact_or_404(request.user, pk)
    form = ContactForm(request.POST or None, instance=contact)
    if response := handle_form(
        request, form,
        lambda: services.contact_save(provider=contact.provider, contact=contact, **form.cleaned_data),
        success_message="Contact saved.", success_url=reverse("providers:detail", args=[contact.provider_id]),
    ):
        return response
    return _form_page(request, form, f"Edit {contact.name}", contact.provider)


@require_POST
@staff_or_provider
def contact_delete(request, pk):
    contact = perms.get_contact_or_404(request.user, pk)
    provider_id = contact.provider_id
    services.contact_delete(contact=contact)
    messages.success(request, "Contact removed.")
    return redirect("providers:detail", pk=provider_id)


@provider_required
def learner_detail(request, pk):
    """What a provider may know about a learner shared with them, and their history with this provider.

    The name while a link with the provider is active; email and phone only with the learner's consent
    to share (providers.permissions.provider_learner_view)."""
    from learners.permissions import learners_visible_to
    from placements.models import EventMeeting, Interview, Placement
    from placements.permissions import get_or_404
    from placements.selectors import interviews_list, placements_list

    # learners_visible_to lets a provider reach only learners whose name it may see; what else the
    # page shows (contact details or not) is the same rule's answer for this learner.
    learner = get_or_404(learners_visible_to(request.user), pk, "learner")
    mine = {"application__learner": learner, "provider_id": request.user.provider_id}
    context = {
        "learner": learner,
        "view": perms.provider_learner_view(request.user.provider_id, learner),
        "placements": placements_list(Placement.objects.filter(**mine)),
        "interviews": interviews_list(Interview.objects.filter(**mine)),
        "meetings": EventMeeting.objects.filter(**mine).select_related("event"),
    }
    return render(request, "providers/learner_detail.html", context)
