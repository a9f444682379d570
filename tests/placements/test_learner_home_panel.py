"""The learner's own home shows their placements, interviews and offers (the placements panel)."""

from django.urls import reverse


def test_learner_home_includes_the_placements_interviews_and_jobs_panel(client_for, learner):
    response = client_for(learner.user).get(reverse("learners:me"))
    assert response.status_code == 200
    assert 'data-testid="learner-employment-panel"' in response.content.decode()
