"""Staff edit each message's wording with a preview; an unknown placeholder is refused with a clear
message and what was typed is kept; only staff may edit."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from notifications.events import EVENTS
from notifications.models import MessageTemplate
from notifications.services import message_template_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def welcome_email(db):
    return MessageTemplate.objects.get(event="welcome", channel="email")


def test_every_event_has_an_email_and_a_text_template_seeded_in_plain_english():
    seeded = set(MessageTemplate.objects.values_list("event", "channel"))
    assert seeded == {(e.key, c) for e in EVENTS for c in ("email", "text")}
    for template in MessageTemplate.objects.all():
        template.full_clean()  # every default uses only its event's placeholders


def test_an_unknown_placeholder_is_refused_with_a_clear_message(staff, welcome_email):
    with pytest.raises(ValidationError) as caught:
        message_template_save(template=welcome_email, by=staff, subject="Hello ((first_nme))", body="Hi")
    message = " ".join(caught.value.message_dict["subject"])
    assert "((first_nme))" in message and "((first_name))" in message


def test_staff_save_new_wording_used_by_the_next_message(client_for, staff, welcome_email):
    response = client_for(staff).post(reverse("notifications:template_edit", args=[welcome_email.pk]), {
        "subject": "Hello ((first_name)), welcome", "body": "Welcome to ((cohort)). ((set_up_link))"})
    assert response.status_code == 302
    welcome_email.refresh_from_db()
    assert welcome_email.subject == "Hello ((first_name)), welcome" and welcome_email.updated_by == staff


def test_a_bad_placeholder_on_the_page_keeps_what_was_typed(client_for, staff, welcome_email):
    response = client_for(staff).post(reverse("notifications:template_edit", args=[welcome_email.pk]), {
        "subject": "Hello", "body": "Dear ((name)), you are in."})
    body = response.content.decode()
    assert response.status_code == 200 and "cannot use ((name))" in body and "Dear ((name)), you are in." in body
    welcome_email.refresh_from_db()
    assert "((name))" not in welcome_email.body


def test_the_preview_fills_in_sample_details_without_saving(client_for, staff, welcome_email):
    before = welcome_email.body
    response = client_for(staff).post(reverse("notifications:template_preview", args=[welcome_email.pk]), {
        "subject": "For ((first_name))", "body": "Your course: ((cohort))"})
    body = response.content.decode()
    assert "For Amira" in body and "Your course: Care Certificate, January" in body
    page = client_for(staff).post(reverse("notifications:template_edit", args=[welcome_email.pk]), {
        "subject": "For ((first_name))", "body": "Your course: ((cohort))", "preview": "1"})
    assert "For Amira" in page.content.decode()
    welcome_email.refresh_from_db()
    assert welcome_email.body == before


def test_a_text_template_has_no_subject(client_for, staff):
    text = MessageTemplate.objects.get(event="interview_booked", channel="text")
    client_for(staff).post(reverse("notifications:template_edit", args=[text.pk]), {
        "subject": "ignored", "body": "Interview: ((when))"})
    text.refresh_from_db()
    assert text.subject == "" and text.body == "Interview: ((when))"


@pytest.mark.parametrize("persona", ["provider_user", "learner", "partner"])
def test_only_staff_may_see_or_edit_the_wording(request, client, persona, welcome_email):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    assert client.get(reverse("notifications:template_list")).status_code == 403
    assert client.get(reverse("notifications:template_edit", args=[welcome_email.pk])).status_code == 403
    response = client.post(reverse("notifications:template_edit", args=[welcome_email.pk]),
                           {"subject": "Hacked", "body": "Hacked"})
    assert response.status_code == 403
    assert client.post(reverse("notifications:template_preview", args=[welcome_email.pk]),
                       {"body": "x"}).status_code == 403
    welcome_email.refresh_from_db()
    assert welcome_email.subject != "Hacked"


def test_signed_out_visitors_are_sent_to_sign_in(client, welcome_email):
    response = client.get(reverse("notifications:template_list"))
    assert response.status_code == 302 and reverse("account_login") in response.url


def test_the_staff_list_links_every_template(client_for, staff):
    body = client_for(staff).get(reverse("notifications:template_list")).content.decode()
    assert body.count('data-testid="edit-template-') == 2 * len(EVENTS)


def test_wording_typed_in_a_browser_is_saved_with_plain_line_breaks(staff, welcome_email):
    """A browser sends a textarea's line breaks as CRLF; the wording is kept as the defaults are, with LF."""
    message_template_save(template=welcome_email, by=staff, subject="Welcome, ((first_name))",
                          body="Hello ((first_name)),\r\n\r\nWelcome to ((cohort)).\r")
    welcome_email.refresh_from_db()
    assert welcome_email.body == "Hello ((first_name)),\n\nWelcome to ((cohort))."
