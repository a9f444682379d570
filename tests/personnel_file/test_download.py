import datetime

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from academy.models import AuditEvent
from learners.personnel import services
from learners.personnel.permissions import TOKEN_SALT, release_token
from tests.factories.personnel import SECRET_DBS_REASON, release_for, withdraw_consent

from .conftest import pdf_text, response_bytes


@pytest.fixture
def released(ready, staff):
    services.personnel_file_build(learner_id=ready.learner.pk)
    return release_for(ready, by=staff)


def link(release):
    return reverse("learners:provider_personnel_file_download", args=[release_token(release)])


def test_the_provider_downloads_a_released_file_from_their_page(released, provider_user, client_for):
    client = client_for(provider_user)
    page = client.get(reverse("learners:provider_personnel_files"))
    assert page.status_code == 200
    assert link(released) in page.content.decode()
    response = client.get(link(released))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response_bytes(response))
    assert "Amira Okafor" in text and SECRET_DBS_REASON not in text
    released.refresh_from_db()
    assert released.download_count == 1
    event = AuditEvent.objects.get(action="personnel_file.download")
    assert event.actor == provider_user and event.learner_id == released.learner_id


def test_a_provider_without_the_release_cannot_download(released, other_provider_user, client_for):
    client = client_for(other_provider_user)
    assert client.get(link(released)).status_code == 404
    assert link(released) not in client.get(reverse("learners:provider_personnel_files")).content.decode()
    assert not AuditEvent.objects.filter(action="personnel_file.download").exists()


def test_a_forged_or_altered_link_is_not_found(released, provider_user, client_for):
    client = client_for(provider_user)
    forged = signing.Signer(salt="something-else").sign_object({"r": released.pk, "e": 9999999999})
    assert client.get(reverse("learners:provider_personnel_file_download", args=[forged])).status_code == 404
    longer = signing.Signer(salt=TOKEN_SALT).sign_object({"r": released.pk, "e": 1})  # expiry not the release's
    assert client.get(reverse("learners:provider_personnel_file_download", args=[longer])).status_code == 404
    assert client.get(reverse("learners:provider_personnel_file_download", args=["not-a-token"])).status_code == 404


def test_an_expired_link_is_refused(released, provider_user, client_for):
    released.released_at = timezone.now() - datetime.timedelta(days=8)
    released.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    released.save()
    client = client_for(provider_user)
    response = client.get(link(released))
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert link(released) not in client.get(reverse("learners:provider_personnel_files")).content.decode()
    assert AuditEvent.objects.filter(action="personnel_file.download_refused").exists()
    assert not AuditEvent.objects.filter(action="personnel_file.download").exists()


def test_a_revoked_link_is_refused(released, staff, provider_user, client_for):
    services.personnel_file_release_revoke(release=released, by=staff)
    assert client_for(provider_user).get(link(released)).status_code == 410


def test_withdrawn_consent_stops_an_existing_release(released, provider_user, client_for):
    withdraw_consent(released.learner)
    client = client_for(provider_user)
    response = client.get(link(released))
    assert response.status_code == 410
    assert "withdrawn consent" in response.content.decode()
    assert "no-shared-files" in client.get(reverse("learners:provider_personnel_files")).content.decode()


@pytest.mark.parametrize("persona", ["staff", "partner"])
def test_only_provider_users_use_release_links(request, released, client_for, persona):
    assert client_for(request.getfixturevalue(persona)).get(link(released)).status_code == 403


def test_the_learner_downloads_their_own_copy(ready, client_for):
    services.personnel_file_build(learner_id=ready.learner.pk)
    client = client_for(ready.learner.user)
    page = client.get(reverse("learners:my_personnel_file"))
    assert 'data-testid="my-download"' in page.content.decode()
    response = client.get(reverse("learners:my_personnel_file_download"))
    assert response.status_code == 200
    assert "Amira Okafor" in pdf_text(response_bytes(response))
    assert AuditEvent.objects.filter(action="personnel_file.download", actor=ready.learner.user).exists()


def test_another_learner_gets_only_their_own_file(ready, other_learner, client_for):
    services.personnel_file_build(learner_id=ready.learner.pk)
    response = client_for(other_learner.user).get(reverse("learners:my_personnel_file_download"))
    assert response.status_code == 404


def test_staff_download_files_of_learners_they_can_see(ready, staff, other_locality_staff, client_for):
    services.personnel_file_build(learner_id=ready.learner.pk)
    url = reverse("learners:personnel_file_download", args=[ready.learner.pk])
    assert client_for(staff).get(url).status_code == 200
    assert client_for(other_locality_staff).get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(released, client):
    response = client.get(link(released))
    assert response.status_code == 302 and "login" in response["Location"]
    response = client.get(reverse("learners:my_personnel_file_download"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_provider_list_runs_the_same_number_of_queries_however_many_files(db, staff, provider_user, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.personnel import work_ready_learner

    client = client_for(provider_user)
    counts = []
    for _ in range(3):
        ready = work_ready_learner(provider=provider_user.provider, complete=False)
        services.personnel_file_build(learner_id=ready.learner.pk)
        release_for(ready, by=staff)
        client.get(reverse("learners:provider_personnel_files"))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("learners:provider_personnel_files"))
        counts.append(len(queries))
    assert response.content.decode().count('data-testid="shared-file-download"') == 3
    assert counts[0] == counts[1] == counts[2], counts
