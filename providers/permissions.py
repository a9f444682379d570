"""Who may see and change which provider's records. Provider users manage only their own organisation.

Fetch helpers answer 404 to everyone who may not see an object, so a provider cannot even learn
that another provider's vacancy, placement or learner exists.
"""

from django.db.models import QuerySet
from django.http import Http404

from academy.models import User

from .models import Provider, ProviderContact, Site


def is_staff(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role == User.Role.STAFF


def is_provider_user(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role == User.Role.PROVIDER and user.provider_id


def scope_to_provider(qs: QuerySet, user, field: str = "provider") -> QuerySet:
    """Staff see every provider's records; a provider user sees its own organisation's; others none."""
    if is_staff(user):
        return qs
    if is_provider_user(user):
        return qs.filter(**{field: user.provider_id})
    return qs.none()


def providers_visible_to(user) -> QuerySet:
    return scope_to_provider(Provider.objects.all(), user, field="pk")


def can_manage_provider(user, provider: Provider) -> bool:
    return is_staff(user) or (is_provider_user(user) and user.provider_id == provider.pk)


def get_provider_or_404(user, pk) -> Provider:
    provider = providers_visible_to(user).filter(pk=pk).first()
    if provider is None:
        raise Http404("No such provider.")
    return provider


def get_site_or_404(user, pk) -> Site:
    site = scope_to_provider(Site.objects.select_related("provider", "locality"), user).filter(pk=pk).first()
    if site is None:
        raise Http404("No such site.")
    return site


def get_contact_or_404(user, pk) -> ProviderContact:
    contact = scope_to_provider(ProviderContact.objects.select_related("provider"), user).filter(pk=pk).first()
    if contact is None:
        raise Http404("No such contact.")
    return contact
