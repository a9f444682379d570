"""Values-based screening: scores, levels, panel, and the three outcomes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from learners.models import PanelMember, Stage, ValueScore, ValuesScreening
from learners.services.screening import screening_decide, screening_record, screening_start
from tests.factories import ApplicationFactory, ProviderFactory

from .conftest import screen

pytestmark = pytest.mark.django_db


# --- services ---------------------------------------------------------------------------------


def test_accepting_moves_the_application_to_accepted(application, staff, values):
    screening = screening_decide(screening=screen(application, staff, values=values), outcome="accepted",
                                 by=staff)
    application.refresh_from_db()
    assert application.stage == Stage.ACCEPTED
    assert screening.decided_by == staff and screening.decided_at is not None


def test_accepting_needs_every_active_value_scored(application, staff, values):
    screening = screen(application, staff, values=values[:2])
    with pytest.raises(ValidationError, match="Score every value before accepting") as exc:
        screening_decide(screening=screening, outcome="accepted", by=staff)
    assert "Honesty" in exc.value.messages[0]
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_accepting_needs_a_panel_interview(application, staff, values):
    with pytest.raises(ValidationError, match="panel interview"):
        screening_decide(screening=screen(application, staff, values=values, interview=False),
                         outcome="accepted", by=staff)


def test_accepting_below_the_minimum_level_is_refused(application, staff, values):
    screening = screen(application, staff, values=values, numeracy="entry_2")
    with pytest.raises(ValidationError, match="Entry 3 or above"):
        screening_decide(screening=screening, outcome="accepted", by=staff)


def test_the_minimum_level_is_set_per_cohort(application, staff, values):
    application.cohort.minimum_skill_level = "level_1"
    application.cohort.save()
    screening = screen(application, staff, values=values, numeracy="entry_3")
    with pytest.raises(ValidationError, match="Level 1 or above"):
        screening_decide(screening=screening, outcome="accepted", by=staff)


def test_referral_needs_english_or_maths_below_the_minimum(application, staff, values):
    screening = screen(application, staff, values=values)
    with pytest.raises(ValidationError, match="do not call for a referral"):
        screening_decide(screening=screening, outcome="referred", by=staff, college="The College")


def test_referral_needs_the_college_named(application, staff, values):
    screening = screen(application, staff, values=values, literacy="entry_1")
    with pytest.raises(ValidationError, match="Name the college"):
        screening_decide(screening=screening, outcome="referred", by=staff, college=" ")


def test_referral_records_the_college_and_moves_to_referred(application, staff, values):
    screening = screen(application, staff, values=values, literacy="entry_1")
    screening_decide(screening=screening, outcome="referred", by=staff, college="Wigan and Leigh College")
    screening.refresh_from_db()
    application.refresh_from_db()
    assert screening.referred_to_college == "Wigan and Leigh College"
    assert application.stage == Stage.REFERRED


def test_not_progressed_is_only_possible_because_of_values(application, staff, values):
    # Low English is never a reason to turn someone away.
    screening = screen(application, staff, values=values, scores=(3, 4, 3), literacy="entry_1")
    with pytest.raises(ValidationError, match="only reason"):
        screening_decide(screening=screening, outcome="not_progressed", by=staff, reason="Low English")
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_not_progressed_needs_the_reason_written_down(application, staff, values):
    screening = screen(application, staff, values=values, scores=(1, 3, 3))
    with pytest.raises(ValidationError, match="which values"):
        screening_decide(screening=screening, outcome="not_progressed", by=staff, reason="")


def test_not_progressed_because_of_values_moves_the_application(application, staff, values):
    screening = screen(application, staff, values=values, scores=(1, 2, 3))
    screening_decide(screening=screening, outcome="not_progressed", by=staff,
                     reason="Spoke about residents without respect in the case study.")
    application.refresh_from_db()
    assert application.stage == Stage.NOT_PROGRESSED


def test_a_decided_screening_cannot_be_changed_or_decided_again(application, staff, values):
    screening = screening_decide(screening=screen(application, staff, values=values), outcome="accepted",
                                 by=staff)
    with pytest.raises(ValidationError, match="already been decided"):
        screening_record(screening=screening, by=staff, literacy_level="entry_1")
    with pytest.raises(ValidationError, match="already been decided"):
        screening_decide(screening=screening, outcome="referred", by=staff, college="X")


def test_a_score_needs_evidence(application, staff, values):
    screening = screening_start(application=application, by=staff)
    with pytest.raises(ValidationError, match="evidence"):
        screening_record(screening=screening, by=staff, scores={values[0]: (3, "  ")})


def test_scores_outside_1_to_4_are_refused(application, staff, values):
    screening = screening_start(application=application, by=staff)
    with pytest.raises(ValidationError, match="Value 5 is not a valid choice"):
        screening_record(screening=screening, by=staff, scores={values[0]: (5, "Great")})
    assert not ValueScore.objects.exists()


def test_panel_may_include_a_provider_and_a_person_who_uses_services(application, staff):
    provider = ProviderFactory()
    screening = screening_start(application=application, by=staff)
    screening_record(screening=screening, by=staff, panel=[
        {"name": "Sam Okafor", "role": "academy_staff", "provider": None},
        {"name": "Jo Walsh", "role": "provider", "provider": provider},
        {"name": "Pat Lee", "role": "expert_by_experience", "provider": None},
    ])
    roles = set(screening.panel.values_list("role", flat=True))
    assert roles == {"academy_staff", "provider", PanelMember.Role.PERSON_USING_SERVICES}


def test_screening_uses_the_cohorts_question_bank(application, staff):
    from tests.factories import QuestionBankFactory

    bank = QuestionBankFactory()
    application.cohort.question_bank = bank
    application.cohort.save()
    assert screening_start(application=application, by=staff).question_bank == bank


def test_only_an_applied_application_can_be_screened(staff):
    application = ApplicationFactory(stage=Stage.WITHDRAWN)
    with pytest.raises(ValidationError, match="waiting for screening"):
        screening_start(application=application, by=staff)


# --- views ------------------------------------------------------------------------------------


def _screening_post(values, **extra):
    data = {"literacy_level": "level_1", "numeracy_level": "entry_3", "profiling_result": "good",
            "interview_on": timezone.localdate().isoformat(), "interview_notes": "Warm and thoughtful.",
            "panel_0_name": "Pat Lee", "panel_0_role": "expert_by_experience"}
    for v in values:
        data[f"score_{v.pk}"] = "3"
        data[f"evidence_{v.pk}"] = f"Showed {v.name.lower()} in the case study."
    data.update(extra)
    return data


def test_staff_record_a_screening_through_the_page(client_for, staff, application, values):
    url = reverse("learners:screening", args=[application.pk])
    response = client_for(staff).post(url, _screening_post(values))
    assert response.status_code == 302
    screening = ValuesScreening.objects.get(application=application)
    assert screening.scores.count() == 3
    assert screening.panel.get().role == "expert_by_experience"


def test_a_score_without_evidence_is_refused_and_what_was_typed_is_kept(client_for, staff, application, values):
    url = reverse("learners:screening", args=[application.pk])
    data = _screening_post(values, **{f"evidence_{values[0].pk}": ""}, interview_notes="Kept notes")
    response = client_for(staff).post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Write the evidence" in body
    assert "Kept notes" in body
    assert not ValuesScreening.objects.exists()


def test_a_provider_panel_member_needs_their_provider(client_for, staff, application, values):
    url = reverse("learners:screening", args=[application.pk])
    response = client_for(staff).post(url, _screening_post(values, panel_0_role="provider"))
    assert "Choose the provider" in response.content.decode()


def test_staff_decide_the_outcome_through_the_page(client_for, staff, application, values):
    screen(application, staff, values=values)
    response = client_for(staff).post(reverse("learners:screening_decide", args=[application.pk]),
                                      {"outcome": "accepted"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == Stage.ACCEPTED


def test_an_illegal_outcome_gets_a_plain_message_and_changes_nothing(client_for, staff, application, values):
    screen(application, staff, values=values)
    response = client_for(staff).post(reverse("learners:screening_decide", args=[application.pk]),
                                      {"outcome": "not_progressed", "reason": "Did not like them"})
    assert response.status_code == 400
    assert "only reason" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_staff_of_another_locality_get_404_on_the_screening(client_for, other_locality_staff, application):
    assert client_for(other_locality_staff).get(
        reverse("learners:screening", args=[application.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["provider_user", "partner"])
def test_providers_and_partners_cannot_screen(client_for, request, persona, application):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse("learners:screening", args=[application.pk])).status_code == 403


def test_a_learner_cannot_open_their_own_screening(client_for, application):
    assert client_for(application.learner.user).get(
        reverse("learners:screening", args=[application.pk])).status_code == 403


def test_anonymous_is_sent_to_login_from_screening(client, application):
    response = client.get(reverse("learners:screening", args=[application.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_decided_screening_shows_its_outcome_and_no_form(client_for, staff, application, values):
    screening_decide(screening=screen(application, staff, values=values), outcome="accepted", by=staff)
    body = client_for(staff).get(reverse("learners:screening", args=[application.pk])).content.decode()
    assert 'data-testid="screening-outcome"' in body and "Accepted onto the cohort" in body
    assert 'data-testid="screening-form"' not in body


def test_posting_to_a_decided_screening_changes_nothing(client_for, staff, application, values):
    screening_decide(screening=screen(application, staff, values=values), outcome="accepted", by=staff)
    client_for(staff).post(reverse("learners:screening", args=[application.pk]),
                           _screening_post(values, literacy_level="entry_1"))
    assert ValuesScreening.objects.get().literacy_level == "level_1"


def test_the_screening_page_shows_the_cohorts_questions(client_for, staff, application):
    from tests.factories import QuestionBankFactory, ScreeningQuestionFactory

    bank = QuestionBankFactory()
    ScreeningQuestionFactory(bank=bank, text="What would you do if Mrs Khan said no?")
    application.cohort.question_bank = bank
    application.cohort.save()
    body = client_for(staff).get(reverse("learners:screening", args=[application.pk])).content.decode()
    assert "What would you do if Mrs Khan said no?" in body


# --- deciding with the first save, and the board's link (found walking the portal as a newcomer) ----------


def test_the_outcome_choices_are_on_the_page_before_anything_is_saved(client_for, staff, application, values):
    body = client_for(staff).get(reverse("learners:screening", args=[application.pk])).content.decode()
    assert 'data-testid="decision-fields"' in body
    assert "Accepted onto the cohort" in body and "Not yet: save the screening and decide later" in body


def test_staff_save_and_decide_in_one_step(client_for, staff, application, values):
    response = client_for(staff).post(reverse("learners:screening", args=[application.pk]),
                                      _screening_post(values, decide_outcome="accepted"), follow=True)
    assert "Screening saved. Outcome recorded: Accepted onto the cohort." in response.content.decode()
    application.refresh_from_db()
    assert application.stage == Stage.ACCEPTED
    assert ValuesScreening.objects.get().outcome == "accepted"


def test_a_refused_outcome_keeps_nothing_and_keeps_what_was_typed(client_for, staff, application, values):
    response = client_for(staff).post(reverse("learners:screening", args=[application.pk]), _screening_post(
        values, decide_outcome="not_progressed", decide_reason="Did not like them", interview_notes="Kept notes"))
    body = response.content.decode()
    assert "only reason" in body and "Kept notes" in body and "Did not like them" in body
    assert not ValuesScreening.objects.exists()  # the screening is not half-saved
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_the_board_links_to_the_screening_once_it_is_saved_and_once_decided(client_for, staff, application,
                                                                            values):
    client = client_for(staff)
    board = reverse("learners:cohort_board", args=[application.cohort_id])
    link = f'href="{reverse("learners:screening", args=[application.pk])}"'
    assert link in client.get(board).content.decode()
    screen(application, staff, values=values)
    page = client.get(board).content.decode()
    assert link in page and "Not decided yet" in page
    screening_decide(screening=ValuesScreening.objects.get(), outcome="accepted", by=staff)
    page = client.get(board).content.decode()
    assert link in page and "Accepted onto the cohort" in page
