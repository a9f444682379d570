"""Equality answers: optional, only from their lists, read one-by-one by the equality-data role only."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from academy.models import AuditEvent
from equality.models import AdjustmentsNeeded, EqualityMonitoring
from equality.services import equality_answers_save
from tests.factories import CohortFactory, LearnerFactory, UserFactory
from tests.factories.equality import AdjustmentsNeededFactory, EqualityMonitoringFactory

pytestmark = pytest.mark.django_db

ANSWERS = {"age_band": "50_64", "sex": "male", "ethnic_group": "black_caribbean", "disability": "yes",
           "religion": "prefer_not_to_say", "caring": "20_to_49"}


# --- Saving answers -------------------------------------------------------------------------------

def test_answers_are_saved_apart_from_the_application_and_unanswered_questions_stay_blank(learner):
    record = equality_answers_save(learner=learner, by=learner.user, answers=ANSWERS)
    record.refresh_from_db()
    assert (record.age_band, record.ethnic_group, record.religion) == ("50_64", "black_caribbean",
                                                                      "prefer_not_to_say")
    assert record.sexual_orientation == "" and record.marital_status == ""
    audit = AuditEvent.objects.get(action="equality.answers_saved")
    assert audit.learner_id == learner.pk and "black" not in audit.note


def test_an_answer_outside_its_list_is_refused(learner):
    with pytest.raises(ValidationError, match="is not a valid choice"):
        equality_answers_save(learner=learner, answers={"ethnic_group": "martian"})
    assert not EqualityMonitoring.objects.exists()


def test_an_unknown_question_is_refused(learner):
    with pytest.raises(ValidationError, match="no equality question called shoe_size"):
        equality_answers_save(learner=learner, answers={"shoe_size": "9"})


def test_the_database_refuses_an_answer_outside_its_list_even_past_the_service(learner):
    with pytest.raises(IntegrityError), transaction.atomic():
        EqualityMonitoring.objects.create(learner=learner, sexual_orientation="unlisted")


def test_saving_again_replaces_the_answers_and_what_would_help_needs_a_yes(learner):
    equality_answers_save(learner=learner, answers=ANSWERS, needs_adjustments="yes", what_would_help="Large print")
    equality_answers_save(learner=learner, answers={"age_band": "prefer_not_to_say"}, needs_adjustments="no",
                          what_would_help="ignored")
    record = EqualityMonitoring.objects.get(learner=learner)
    assert record.age_band == "prefer_not_to_say" and record.ethnic_group == ""
    adjustments = AdjustmentsNeeded.objects.get(learner=learner)
    assert adjustments.needs_adjustments == "no" and adjustments.what_would_help == ""


# --- The questionnaire ----------------------------------------------------------------------------

def test_a_learner_answers_from_their_account_and_sees_their_own_answers_again(client_for, learner):
    client = client_for(learner.user)
    url = reverse("equality:my_answers")
    assert client.get(url).status_code == 200
    response = client.post(url, {**ANSWERS, "needs_adjustments": "yes", "what_would_help": "Extra time"})
    assert response.status_code == 302
    assert EqualityMonitoring.objects.get(learner=learner).caring == "20_to_49"
    page = client.get(url).content.decode()
    assert 'value="20_to_49" selected' in page


def test_a_bad_answer_in_the_questionnaire_is_refused_and_the_rest_is_kept(client_for, learner):
    client = client_for(learner.user)
    response = client.post(reverse("equality:my_answers"), {**ANSWERS, "sex": "unlisted",
                                                            "what_would_help": "Extra time"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose one of the answers in the list" in page
    assert 'value="black_caribbean" selected' in page and "Extra time" in page
    assert not EqualityMonitoring.objects.exists()


def test_after_applying_the_new_applicant_may_answer_once_and_no_one_else_can(client, locality):
    cohort = CohortFactory(locality=locality)
    response = client.post(reverse("learners:apply", args=[cohort.pk]), {
        "first_name": "Ada", "last_name": "Okafor", "email": "ada@example.test", "postcode": "FY1 4AB",
        "situation": "unemployed", "motivation": "I cared for my nan for three years and loved it.",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    done = client.get(reverse("learners:apply_done")).content.decode()
    assert reverse("reach:after_applying_groups") in done
    assert client.post(reverse("equality:after_applying"), ANSWERS).status_code == 200
    learner_record = EqualityMonitoring.objects.get()
    assert learner_record.learner.email == "ada@example.test" and learner_record.ethnic_group == "black_caribbean"
    # The session's permission is used up: the page does not open again or show the answers.
    again = client.get(reverse("equality:after_applying"))
    assert again.status_code == 302
    # Someone else's browser has no such session at all.
    client.logout()
    assert client.get(reverse("equality:after_applying")).status_code == 302


def test_the_why_we_ask_page_names_the_lawful_condition(client):
    page = client.get(reverse("equality:why_we_ask")).content.decode()
    assert "Schedule 1, paragraph 8" in page and "equality of opportunity or treatment" in page
    assert "never" in page and "care providers" in page


# --- Who may read one person's answers ------------------------------------------------------------

def test_the_equality_officer_reads_one_learners_answers_and_the_visit_is_audited(client_for, equality_officer,
                                                                                 learner):
    EqualityMonitoringFactory(learner=learner, ethnic_group="white_roma")
    response = client_for(equality_officer).get(reverse("equality:learner_answers", args=[learner.pk]))
    assert response.status_code == 200 and "White: Roma" in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert AuditEvent.objects.filter(action="equality.record_viewed", learner_id=learner.pk,
                                     actor=equality_officer).exists()


@pytest.mark.parametrize("who", ["staff", "provider_user", "partner", "learner", "other_learner"])
def test_everyone_else_is_refused_one_learners_answers(request, client_for, learner, who):
    EqualityMonitoringFactory(learner=learner, ethnic_group="white_roma")
    user = request.getfixturevalue(who)
    user = user.user if hasattr(user, "user") else user
    response = client_for(user).get(reverse("equality:learner_answers", args=[learner.pk]))
    assert response.status_code == 403
    assert "Roma" not in response.content.decode()


def test_the_equality_officer_only_reads_learners_in_their_own_localities(client_for, equality_officer,
                                                                         other_locality):
    elsewhere = LearnerFactory(locality=other_locality)
    EqualityMonitoringFactory(learner=elsewhere)
    assert client_for(equality_officer).get(
        reverse("equality:learner_answers", args=[elsewhere.pk])).status_code == 404


def test_a_superuser_flag_alone_is_not_the_role_for_a_non_staff_account(client_for, learner):
    """The permission counts only on an academy staff account."""
    partner_superuser = UserFactory(partner=True, is_superuser=True)
    EqualityMonitoringFactory(learner=learner)
    assert client_for(partner_superuser).get(
        reverse("equality:learner_answers", args=[learner.pk])).status_code == 403


def test_staff_see_who_needs_adjustments_but_not_their_equality_answers(client_for, staff, learner):
    EqualityMonitoringFactory(learner=learner, ethnic_group="white_roma", disability="yes")
    AdjustmentsNeededFactory(learner=learner, what_would_help="Handouts in large print")
    page = client_for(staff).get(reverse("equality:adjustments")).content.decode()
    assert "Handouts in large print" in page and learner.full_name in page
    assert "Roma" not in page


def test_adjustments_list_keeps_to_the_staff_members_localities(client_for, other_locality_staff, learner):
    AdjustmentsNeededFactory(learner=learner, what_would_help="Handouts in large print")
    page = client_for(other_locality_staff).get(reverse("equality:adjustments")).content.decode()
    assert "Handouts in large print" not in page


@pytest.mark.parametrize("who", ["provider_user", "partner", "learner"])
def test_adjustments_list_is_staff_only(request, client_for, who):
    user = request.getfixturevalue(who)
    user = user.user if hasattr(user, "user") else user
    assert client_for(user).get(reverse("equality:adjustments")).status_code == 403


def test_the_learner_page_links_to_the_answers_for_the_equality_officer_only(client_for, staff, equality_officer,
                                                                           learner):
    url = reverse("equality:learner_answers", args=[learner.pk])
    assert url in client_for(equality_officer).get(reverse("learners:detail", args=[learner.pk])).content.decode()
    assert url not in client_for(staff).get(reverse("learners:detail", args=[learner.pk])).content.decode()


def test_the_learners_own_page_offers_the_optional_questions(client_for, learner):
    page = client_for(learner.user).get(reverse("learners:me")).content.decode()
    assert reverse("equality:my_answers") in page and reverse("reach:my_groups") in page


def test_applying_with_an_address_that_has_an_account_looks_the_same_and_keeps_nothing(client, learner):
    """The application page must not tell a stranger who has an account: the optional questions are offered
    alike, but answers given after applying with someone else's address are not kept."""
    cohort = CohortFactory(locality=learner.locality)
    client.post(reverse("learners:apply", args=[cohort.pk]), {
        "first_name": "Not", "last_name": "Them", "email": learner.email, "postcode": "FY1 4AB",
        "situation": "unemployed", "motivation": "I cared for my nan for three years and loved it.",
    })
    done = client.get(reverse("learners:apply_done")).content.decode()
    assert reverse("reach:after_applying_groups") in done
    from tests.factories.reach import priority_group

    groups = client.post(reverse("reach:after_applying_groups"), {"groups": [priority_group("care-leaver").pk]})
    assert groups.status_code == 302 and groups["Location"] == reverse("equality:after_applying")
    response = client.post(reverse("equality:after_applying"), ANSWERS)
    assert response.status_code == 200 and 'data-testid="equality-saved"' in response.content.decode()
    assert not EqualityMonitoring.objects.exists()
    from reach.models import LearnerPriorityGroup

    assert not LearnerPriorityGroup.objects.exists()
