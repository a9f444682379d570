import factory

from providers.models import Provider, ProviderContact, Site

from .academy import LocalityFactory
from .names import person_name


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Care Provider {n}")
    cqc_location_id = factory.Sequence(lambda n: f"1-9{n:08d}")
    cqc_rating = Provider.CqcRating.GOOD
    locality = factory.SubFactory(LocalityFactory)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    postcode = "FY1 1AA"
    locality = factory.SelfAttribute("provider.locality")


class ProviderContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderContact

    provider = factory.SubFactory(ProviderFactory)
    name = person_name()
    role = ProviderContact.Role.RECRUITMENT
    email = factory.Sequence(lambda n: f"contact{n}@provider.example")
