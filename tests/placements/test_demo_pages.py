"""The employer-side demo data: idempotent, tells Manda's story, and every page renders with it."""

import pytest
from django.urls import reverse

from academy.models import User
from devtools.stories.academy import seed_demo
from learners.models import Learner
from placements.models import Interview, JobOffer, JobStart, Placement, RecruitmentEvent
from vacancies.models import RingFence, Vacancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    return seed_demo()


def counts():
    return [m.objects.count() for m in (Vacancy, RingFence, Placement, Interview, JobOffer, JobStart)]


def test_the_demo_has_nights_sleep_ins_and_jobs_without_driving_and_running_it_again_adds_nothing(demo):
    assert Vacancy.objects.filter(works_nights=True).exists()
    assert Vacancy.objects.filter(sleep_ins=True).exists()
    assert Vacancy.objects.filter(driving_required=False).count() >= 5
    assert RingFence.objects.exists() and JobStart.objects.exists()
    before = counts()
    seed_demo()
    assert counts() == before


def test_a_learner_turned_down_a_job_with_sleep_ins_because_of_childcare_as_in_mandas_story(demo):
    declined = JobOffer.objects.get(status=JobOffer.Status.DECLINED)
    assert declined.interview.vacancy.sleep_ins
    assert set(declined.decline_reasons) == {"sleep_ins", "childcare"}
    assert declined.interview.application.stage == "interviewed"  # back to looking, with a new interview booked
    assert declined.interview.application.interviews.filter(outcome="pending").exists()


def test_the_demo_learner_stays_enrolled_with_an_interview_booked(demo):
    manda = Learner.objects.get(email="learner@demo.test")
    application = manda.applications.get()
    assert application.stage == "enrolled"
    assert application.interviews.get().outcome == Interview.Outcome.PENDING


def test_every_employer_side_page_renders_for_each_role_with_the_demo_data(demo, client):
    staff = User.objects.get(email="staff@demo.test")
    provider = User.objects.get(email="provider@demo.test")
    learner_user = User.objects.get(email="learner@demo.test")
    manda = learner_user.learner
    placement = Placement.objects.filter(provider=provider.provider).first()
    cohort = RingFence.objects.first().cohort
    vacancy = Vacancy.objects.filter(provider=provider.provider).first()
    public = [reverse("vacancies:guide"), reverse("vacancies:guide_print"),
              reverse("vacancies:public_detail", args=[Vacancy.objects.filter(status="open").first().pk])]
    pages = {
        staff: [reverse("workqueue:home"), reverse("providers:list"), reverse("providers:detail", args=[vacancy.provider_id]),
                reverse("vacancies:manage_list"), reverse("vacancies:manage_detail", args=[vacancy.pk]),
                reverse("vacancies:cohort_guarantees"), reverse("vacancies:cohort_guarantee", args=[cohort.pk]),
                reverse("placements:matches", args=[manda.pk]), reverse("placements:schedule_interview", args=[manda.pk]),
                reverse("placements:list"), reverse("placements:detail", args=[placement.pk]),
                reverse("placements:opportunities"), reverse("placements:slots"), reverse("placements:interviews"),
                reverse("placements:events"), reverse("placements:event", args=[RecruitmentEvent.objects.get().pk]), reverse("placements:event_create"),
                reverse("vacancies:create"), reverse("placements:opportunity_create"), *public],
        provider: [reverse("providers:home"), reverse("providers:detail", args=[provider.provider_id]),
                   reverse("vacancies:manage_list"), reverse("vacancies:manage_detail", args=[vacancy.pk]),
                   reverse("vacancies:edit", args=[vacancy.pk]), reverse("placements:list"),
                   reverse("placements:detail", args=[placement.pk]), reverse("placements:slots"),
                   reverse("placements:interviews"), reverse("placements:opportunities"),
                   reverse("placements:events"), reverse("providers:learner_detail", args=[placement.application.learner_id]), *public],
        learner_user: [reverse("placements:my"), reverse("placements:book"), *public],
    }
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (user.email, url, response.status_code)
