import pytest
from django.urls import reverse

from academy.models import AuditEvent
from learners.models import PersonnelFile, PersonnelFileRelease
from learners.personnel import services
from placements.models import JobOffer
from tests.factories import ProviderFactory
from tests.factories.personnel import accepted_offer, withdraw_consent


def test_staff_release_the_file_to_the_employer_whose_offer_was_accepted(ready, staff,
                                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        release = services.personnel_file_release(learner=ready.learner, job_offer=ready.offer, by=staff)
    assert release.provider == ready.provider
    assert release.released_by == staff
    assert 6.9 < (release.expires_at - release.released_at).total_seconds() / 86400 <= 7
    assert AuditEvent.objects.filter(action="personnel_file.release", learner_id=ready.learner.pk).count() == 1
    # Releasing builds the file as it is now.
    assert PersonnelFile.objects.get(learner=ready.learner).state == PersonnelFile.State.READY


def test_the_release_lasts_as_long_as_settings_say(ready, staff, settings):
    settings.PERSONNEL_FILE_RELEASE_DAYS = 2
    release = services.personnel_file_release(learner=ready.learner, job_offer=ready.offer, by=staff)
    assert round((release.expires_at - release.released_at).total_seconds() / 86400) == 2


def test_withdrawn_consent_blocks_release(ready, staff):
    withdraw_consent(ready.learner)
    with pytest.raises(services.ReleaseRefused, match="consent"):
        services.personnel_file_release(learner=ready.learner, job_offer=ready.offer, by=staff)
    assert not PersonnelFileRelease.objects.exists()


def test_an_offer_not_accepted_cannot_carry_a_release(ready, staff):
    ready.offer.status = JobOffer.Status.OPEN
    ready.offer.save()
    with pytest.raises(services.ReleaseRefused, match="accepted"):
        services.personnel_file_release(learner=ready.learner, job_offer=ready.offer, by=staff)


def test_another_learners_offer_cannot_carry_a_release(ready, staff, other_learner):
    from tests.factories.personnel import application_at

    other_offer = accepted_offer(application_at(other_learner), ProviderFactory())
    with pytest.raises(services.ReleaseRefused, match="not this learner"):
        services.personnel_file_release(learner=ready.learner, job_offer=other_offer, by=staff)


def test_releasing_again_replaces_the_open_release(ready, staff):
    first = services.personnel_file_release(learner=ready.learner, job_offer=ready.offer, by=staff)
    second = services.personnel_file_release(learner=ready.learner, job_offer=ready.offer, by=staff)
    first.refresh_from_db()
    assert first.revoked_at is not None and first.revoke_reason == "Replaced by a new release"
    assert second.revoked_at is None


def test_stopping_releases_revokes_them_all(ready, staff):
    services.personnel_file_release(learner=ready.learner, job_offer=ready.offer, by=staff)
    assert services.personnel_file_releases_stop(learner=ready.learner, by=staff) == 1
    assert not PersonnelFileRelease.objects.filter(revoked_at__isnull=True).exists()


# Through the pages -----------------------------------------------------------------------------

def test_staff_release_with_one_action_on_the_learners_file_page(ready, staff, client_for):
    client = client_for(staff)
    page = client.get(reverse("learners:personnel_file", args=[ready.learner.pk]))
    assert page.status_code == 200
    assert ready.provider.name in page.content.decode()
    response = client.post(reverse("learners:personnel_file_release", args=[ready.learner.pk]),
                           {"offer": ready.offer.pk}, follow=True)
    assert response.status_code == 200
    assert f"released to {ready.provider.name}" in response.content.decode()
    assert PersonnelFileRelease.objects.filter(learner=ready.learner, provider=ready.provider).count() == 1


def test_the_page_explains_why_a_release_was_refused(ready, staff, client_for):
    withdraw_consent(ready.learner)
    response = client_for(staff).post(reverse("learners:personnel_file_release", args=[ready.learner.pk]),
                                      {"offer": ready.offer.pk}, follow=True)
    assert "has not consented" in response.content.decode()
    assert not PersonnelFileRelease.objects.exists()


def test_a_made_up_offer_is_refused_with_a_message(ready, staff, client_for):
    response = client_for(staff).post(reverse("learners:personnel_file_release", args=[ready.learner.pk]),
                                      {"offer": "999999"}, follow=True)
    assert "Choose an accepted job offer" in response.content.decode()
    assert not PersonnelFileRelease.objects.exists()


def test_staff_of_another_locality_cannot_see_or_release_the_file(ready, other_locality_staff, client_for):
    client = client_for(other_locality_staff)
    assert client.get(reverse("learners:personnel_file", args=[ready.learner.pk])).status_code == 404
    response = client.post(reverse("learners:personnel_file_release", args=[ready.learner.pk]),
                           {"offer": ready.offer.pk})
    assert response.status_code == 404
    assert not PersonnelFileRelease.objects.exists()


@pytest.mark.parametrize("persona", ["provider_user", "partner"])
def test_other_roles_cannot_release(request, ready, client_for, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(reverse("learners:personnel_file_release", args=[ready.learner.pk]),
                                     {"offer": ready.offer.pk})
    assert response.status_code == 403
    assert not PersonnelFileRelease.objects.exists()


def test_the_learner_cannot_release_their_own_file(ready, client_for):
    response = client_for(ready.learner.user).post(
        reverse("learners:personnel_file_release", args=[ready.learner.pk]), {"offer": ready.offer.pk})
    assert response.status_code == 403


def test_staff_revoke_a_release(ready, staff, client_for):
    release = services.personnel_file_release(learner=ready.learner, job_offer=ready.offer, by=staff)
    response = client_for(staff).post(reverse("learners:personnel_file_revoke", args=[release.pk]))
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.revoked_at is not None
    assert AuditEvent.objects.filter(action="personnel_file.revoke").exists()


def test_staff_build_from_the_page(ready, staff, client_for):
    response = client_for(staff).post(reverse("learners:personnel_file_build", args=[ready.learner.pk]), follow=True)
    assert "being prepared" in response.content.decode()
    assert PersonnelFile.objects.filter(learner=ready.learner).exists()


def test_the_staff_list_runs_the_same_number_of_queries_however_many_files(db, locality, staff, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.personnel import work_ready_learner

    client = client_for(staff)
    counts = []
    for _ in range(3):
        ready = work_ready_learner(locality=locality, complete=False)
        services.personnel_file_build(learner_id=ready.learner.pk)
        work_ready_learner(locality=locality, complete=False)  # accepted an offer, no file yet
        client.get(reverse("learners:personnel_files"))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("learners:personnel_files"))
        counts.append(len(queries))
    page = response.content.decode()
    assert page.count("<tr>") == 4  # header and three files
    assert 'data-testid="awaiting-files"' in page
    assert counts[0] == counts[1] == counts[2], counts
