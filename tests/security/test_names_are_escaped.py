"""Names come from the public application form: pages must show them as text, never as markup."""

import pytest
from django.urls import reverse

from tests.factories import ApplicationFactory, CohortFactory

pytestmark = pytest.mark.django_db

FIRST, LAST = "Siobhán", "O'Brien<b>x</b>"


@pytest.fixture
def application(locality):
    return ApplicationFactory(cohort=CohortFactory(locality=locality), learner__first_name=FIRST,
                              learner__last_name=LAST, learner__locality=locality)


def _assert_shown_as_text(html):
    assert "O&#x27;Brien&lt;b&gt;x&lt;/b&gt;" in html
    assert "<b>x</b>" not in html


def test_the_staff_pages_escape_a_learners_name(client_for, staff, application):
    client = client_for(staff)
    _assert_shown_as_text(client.get(reverse("learners:detail", args=[application.learner.pk])).content.decode())
    _assert_shown_as_text(client.get(reverse("learners:cohort_board", args=[application.cohort.pk])).content.decode())


def test_the_learners_own_page_escapes_their_name(client, application):
    """The learner's page greets them by first name."""
    from tests.factories import UserFactory

    learner = application.learner
    learner.first_name = "D'Arcy<b>x</b>"
    learner.user = UserFactory(email="darcy@example.test")
    learner.save(update_fields=["first_name", "user"])
    client.force_login(learner.user)
    html = client.get(reverse("learners:me")).content.decode()
    assert "Hello D&#x27;Arcy&lt;b&gt;x&lt;/b&gt;." in html
    assert "<b>x</b>" not in html
