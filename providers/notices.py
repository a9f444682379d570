"""How a provider is reached by a message (through notifications.notify): its contact for the academy."""

from notifications.services import Recipient

from .models import Provider


def provider_recipient(provider: Provider, *, learner_id: int) -> Recipient:
    """The provider's contact (its email, else phone, else a letter staff post); `learner_id` is the
    learner the message is about, for their timeline."""
    return Recipient(
        key=f"provider:{provider.pk}", name=provider.contact_name or provider.name, email=provider.contact_email,
        phone=provider.contact_phone, postal_address=provider.name, learner_id=learner_id, provider_id=provider.pk)


def provider_values(provider: Provider) -> dict:
    return {"contact_name": provider.contact_name or provider.name, "provider": provider.name}
