from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Provider, ProviderContact, Site


def _set_fields(obj, fields: dict):
    for name, value in fields.items():
        setattr(obj, name, value)


@transaction.atomic
def provider_create(*, settings=(), client_groups=(), **fields) -> Provider:
    """Staff add a provider organisation; the CQC location ID, when given, must be unique."""
    provider = Provider(**fields)
    provider.full_clean()
    provider.save()
    provider.settings.set(settings)
    provider.client_groups.set(client_groups)
    return provider


@transaction.atomic
def provider_update(*, provider: Provider, settings=None, client_groups=None, **fields) -> Provider:
    _set_fields(provider, fields)
    provider.full_clean()
    provider.save()
    if settings is not None:
        provider.settings.set(settings)
    if client_groups is not None:
        provider.client_groups.set(client_groups)
    return provider


def site_save(*, provider: Provider, site: Site | None = None, **fields) -> Site:
    """Creates or updates a site of `provider`; a site never moves to another provider."""
    site = site or Site(provider=provider)
    if site.provider_id != provider.pk:
        raise ValidationError("That site belongs to another provider.")
    _set_fields(site, fields)
    site.postcode = " ".join(site.postcode.upper().split())
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def contact_save(*, provider: Provider, contact: ProviderContact | None = None, **fields) -> ProviderContact:
    """Creates or updates a contact. Making one the main contact takes the flag from the previous one."""
    contact = contact or ProviderContact(provider=provider)
    if contact.provider_id != provider.pk:
        raise ValidationError("That contact belongs to another provider.")
    _set_fields(contact, fields)
    if not contact.email and not contact.phone:
        raise ValidationError({"email": "Give an email address or a phone number so the academy can get in touch."})
    if contact.is_primary:
        ProviderContact.objects.filter(provider=provider, is_primary=True).exclude(pk=contact.pk).update(
            is_primary=False
        )
    contact.full_clean()
    contact.save()
    return contact


def contact_delete(*, contact: ProviderContact) -> None:
    contact.delete()
