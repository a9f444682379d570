"""The public vacancy guide PDF: cached like the guide page, limited per IP, and styled from disk.

Before: about two seconds of WeasyPrint for every request, unlimited, with the stylesheet fetched
from a URL built from the request's Host header.
"""

import pytest
from django.urls import reverse

from tests.factories import VacancyFactory

pytestmark = pytest.mark.django_db

URL = reverse("vacancies:guide_pdf")


@pytest.fixture
def pdf_calls(monkeypatch):
    """Every call WeasyPrint gets, with what it was given; the real PDF is still made."""
    import weasyprint

    calls = []
    real_html = weasyprint.HTML

    def recording_html(*args, **kwargs):
        calls.append(kwargs)
        return real_html(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", recording_html)
    return calls


def test_a_second_anonymous_request_is_served_from_the_cache(client, settings, pdf_calls,
                                                            django_assert_num_queries):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    VacancyFactory()
    first = client.get(URL)
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    with django_assert_num_queries(0):
        second = client.get(URL)
    assert second.content == first.content
    assert len(pdf_calls) == 1


def test_the_pdf_is_limited_per_ip(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "guide_pdf": "2/m/ip"}
    codes = [client.get(URL, {"q": str(i)}).status_code for i in range(3)]
    assert codes == [200, 200, 429]
    other_ip = client.get(URL, {"q": "x"}, REMOTE_ADDR="192.0.2.9")
    assert other_ip.status_code == 200


def test_the_stylesheet_comes_from_disk_not_from_the_host_header(client, pdf_calls, monkeypatch):
    import weasyprint.urls

    fetched = []
    monkeypatch.setattr(weasyprint.urls.URLFetcher, "fetch",
                        lambda self, url, *a, **k: fetched.append(url) or (_ for _ in ()).throw(ValueError(url)))
    response = client.get(URL, HTTP_HOST="attacker.example")
    assert response.status_code == 200
    assert fetched == []
    assert pdf_calls[0].get("base_url") is None
    assert b"attacker.example" not in response.content
