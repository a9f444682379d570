import factory

from academy.models import Locality, PartnerOrganisation, User
from academy.permissions import MFA_REQUIRED_ROLES

from .names import person_name

PASSWORD = "correct-horse-battery-staple"  # noqa: S105
# Every staff and provider user made by UserFactory has a TOTP authenticator with this secret,
# so force_login works as it does in production for someone who has set up MFA.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105



class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Locality {n}")


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation

    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    kind = PartnerOrganisation.Kind.COUNCIL


class UserFactory(factory.django.DjangoModelFactory):
    """A user whose email address is verified; staff and provider users also have TOTP set up.

    `UserFactory(staff=True, totp=False)` makes a staff user who has not set up MFA yet;
    `email_verified=False` one who has not confirmed the address.
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    first_name = person_name("first_name")
    last_name = person_name("last_name")
    role = User.Role.LEARNER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def email_verified(obj, create, extracted, **kwargs):
        if create:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=obj, email=obj.email, primary=True,
                                        verified=extracted is not False)

    @factory.post_generation
    def totp(obj, create, extracted, **kwargs):
        wanted = obj.role in MFA_REQUIRED_ROLES if extracted is None else bool(extracted)
        if create and wanted:
            from academy.services import account_totp_activate

            account_totp_activate(user=obj, secret=TOTP_SECRET)

    class Params:
        staff = factory.Trait(role=User.Role.STAFF, is_staff=True)
        provider_user = factory.Trait(
            role=User.Role.PROVIDER, provider=factory.SubFactory("tests.factories.providers.ProviderFactory")
        )
        partner = factory.Trait(
            role=User.Role.PARTNER, partner_organisation=factory.SubFactory(PartnerOrganisationFactory)
        )
