import factory

from notifications.models import Channel, MessageTemplate, Notification


class MessageTemplateFactory(factory.django.DjangoModelFactory):
    """The wording of one event's message on one channel (the migration seeds every one; tests that
    flush the database get it back by event and channel)."""

    class Meta:
        model = MessageTemplate
        django_get_or_create = ("event", "channel")

    event = "welcome"
    channel = Channel.EMAIL
    subject = "Welcome to the academy"
    body = "Hello ((first_name)), thank you for applying."


class NotificationFactory(factory.django.DjangoModelFactory):
    """An outbox row about a learner, as the services queue them."""

    class Meta:
        model = Notification

    event = "application_received"
    idempotency_key = factory.Sequence(lambda n: f"test:{n}")
    learner = factory.SubFactory("tests.factories.learners.LearnerFactory")
    recipient_name = factory.LazyAttribute(lambda o: o.learner.full_name)
    address = factory.LazyAttribute(lambda o: o.learner.email)
    channel = Channel.EMAIL
    subject = "Your application"
    body = "We have your application."
