"""The access matrix: every URL of the portal, every role, GET (or POST for POST-only actions).

URLs are discovered from the URL resolver, so a new URL without a rule in POLICY fails
`test_every_url_has_an_access_rule`. For each URL and persona the expectation follows from the
rule: allowed personas get a page or a redirect to somewhere other than sign-in; anonymous
visitors to a private page are sent to sign in; signed-in users of the wrong role get 403 or 404;
a user of the right role who does not own the object (another provider, another learner, staff of
another locality) gets 404 or 403, never the record (IDOR).
"""

import datetime
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from impact.models import ImpactReport
from imports.models import ImportBatch
from learners.models import RightToWorkCheck, Stage
from learners.services.applications import application_transition
from learners.services.screening import screening_start
from notifications.models import Notification
from placements import services as placement_services
from tests.factories import (
    AcademyValueFactory,
    ApplicationFactory,
    ApplicationSourceFactory,
    CohortFactory,
    CohortSessionFactory,
    DbsCheckFactory,
    InterviewSlotFactory,
    MessageTemplateFactory,
    NotificationFactory,
    PlacementOpportunityFactory,
    ProgrammeFactory,
    ProviderContactFactory,
    QuestionBankFactory,
    RecruitmentEventFactory,
    ReferenceFactory,
    RingFenceFactory,
    SiteFactory,
    VacancyFactory,
)
from tests.factories.impact import ProgrammeEvidenceFactory, application_at
from tests.factories.placements import enrolled_application, held_interview, in_days

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "staff", "other_locality_staff", "provider_user", "other_provider_user",
            "learner", "other_learner", "partner")
ALL = frozenset(PERSONAS)
SIGNED_IN = ALL - {"anonymous"}
STAFF = frozenset({"staff", "other_locality_staff"})   # any academy staff
LOCAL_STAFF = frozenset({"staff"})                     # staff of the learner's locality
PROVIDERS = frozenset({"provider_user", "other_provider_user"})
OWN_PROVIDER = frozenset({"provider_user"})
LEARNERS = frozenset({"learner", "other_learner"})
SELF = frozenset({"learner"})
PARTNER = frozenset({"partner"})

# Outside the matrix: Django admin (its own login, tested in tests/academy/test_admin_login.py),
# allauth's account, MFA and session pages (tested in tests/academy), static files.
SKIPPED_NAMESPACES = ("admin",)
SKIPPED_PREFIXES = ("accounts/", "admin/", "static/", "media/", "__debug__/")


@dataclass(frozen=True)
class Rule:
    allowed: frozenset
    kwargs: object = None          # callable(world) -> URL kwargs; the object belongs to an allowed persona
    method: str = "get"            # "post" for POST-only actions (sent with no data)
    fresh: bool = False            # a deleting action: build the object again for each persona
    missing: bool = False          # tried with an id that does not exist: allowed personas may get 404; the
                                   # role check (anonymous -> sign in, wrong role -> 403) is still proven


def k(**names):
    """URL kwargs taken from the world by attribute name: k(pk="learner_obj") -> {"pk": world.learner_obj.pk}."""
    def build(w):
        return {key: (getattr(w, attr).pk if not isinstance(getattr(w, attr), str) else getattr(w, attr))
                for key, attr in names.items()}
    return build


def _started_work(w):
    """An application of `learner` that started work about five months ago: its 3-month check-in is due."""
    return application_at(Stage.STARTED_WORK, learner=w.learner_obj, cohort=CohortFactory(locality=w.cohort.locality))


def _no_offer(w):
    """The world's held interview, ended without an offer: its feedback page is for staff only."""
    return placement_services.interview_record_outcome(interview=w.interview, outcome="no_offer", by=None,
                                                       reason="Another candidate had more experience.")


POLICY = {
    # public
    "index": Rule(ALL),
    "healthz": Rule(ALL),
    "courses:programme_list": Rule(ALL),
    "courses:programme_detail": Rule(ALL, lambda w: {"slug": w.programme.slug}),
    "learners:apply": Rule(ALL, k(cohort_pk="cohort")),
    "learners:apply_done": Rule(ALL),
    "vacancies:guide": Rule(ALL),
    "vacancies:guide_print": Rule(ALL),
    "vacancies:guide_pdf": Rule(ALL),
    "vacancies:public_detail": Rule(ALL, k(pk="vacancy")),
    "academy:login_unlock": Rule(ALL, lambda w: {"token": "not-a-signed-token"}),  # the token is the check
    # any signed-in user goes to their own home
    "academy:home_redirect": Rule(SIGNED_IN),
    # academy staff
    "workqueue:home": Rule(STAFF),
    "workqueue:queue": Rule(STAFF, lambda w: {"slug": "screening"}),
    "workqueue:search": Rule(STAFF),
    "academy:audit_log": Rule(STAFF),
    # learners app: the learner's own pages
    "learners:me": Rule(LEARNERS),
    "learners:consent_give": Rule(LEARNERS, method="post"),
    "learners:consent_withdraw": Rule(LEARNERS, method="post"),
    "learners:my_details": Rule(LEARNERS),  # each learner changes only their own record (no id in the URL)
    # learners app: staff configuration (not personal data)
    "learners:enquiries": Rule(STAFF),
    "learners:values": Rule(STAFF),
    "learners:value_create": Rule(STAFF),
    "learners:value_edit": Rule(STAFF, k(pk="value")),
    "learners:bank_create": Rule(STAFF),
    "learners:bank_detail": Rule(STAFF, k(pk="bank")),
    "learners:bank_edit": Rule(STAFF, k(pk="bank")),
    "learners:bank_copy": Rule(STAFF, k(pk="bank"), method="post"),
    # learners app: staff work on one learner (locality matters)
    "learners:cohort_board": Rule(LOCAL_STAFF, k(cohort_pk="cohort")),
    "learners:cohort_dbs": Rule(LOCAL_STAFF, k(cohort_pk="cohort")),
    "learners:detail": Rule(LOCAL_STAFF, k(pk="learner_obj")),
    "learners:support_add": Rule(LOCAL_STAFF, k(pk="learner_obj")),
    "learners:learner_add": Rule(LOCAL_STAFF, lambda w: {"pk": w.learner_obj.pk, "kind": "reference"}),
    "learners:screening": Rule(LOCAL_STAFF, k(application_pk="applied")),
    "learners:screening_decide": Rule(LOCAL_STAFF, k(application_pk="applied"), method="post"),
    "learners:enrol": Rule(LOCAL_STAFF, k(application_pk="applied")),
    "learners:application_accept": Rule(LOCAL_STAFF, k(application_pk="applied"), method="post"),
    "learners:application_withdraw": Rule(LOCAL_STAFF, k(application_pk="applied"), method="post"),
    "learners:dbs_detail": Rule(LOCAL_STAFF, k(pk="dbs")),
    "learners:dbs_transition": Rule(LOCAL_STAFF, k(pk="dbs"), method="post"),
    "learners:dbs_status_check": Rule(LOCAL_STAFF, k(pk="dbs"), method="post"),
    "learners:dbs_decision": Rule(LOCAL_STAFF, k(pk="dbs"), method="post"),
    "learners:reference_received": Rule(LOCAL_STAFF, k(pk="reference")),
    "learners:right_to_work_file": Rule(LOCAL_STAFF, k(pk="right_to_work")),
    "learners:record_edit": Rule(LOCAL_STAFF, lambda w: {"kind": "right_to_work", "pk": w.right_to_work.pk}),
    "learners:record_remove": Rule(
        LOCAL_STAFF, lambda w: {"kind": "reference", "pk": ReferenceFactory(learner=w.learner_obj).pk},
        method="post", fresh=True,
    ),
    # GDPR
    "learners:my_data": Rule(LEARNERS),
    "learners:erase": Rule(LOCAL_STAFF, k(pk="learner_obj")),
    "learners:paper_consent": Rule(LOCAL_STAFF, k(pk="learner_obj")),
    # courses: staff; a cohort's pages belong to the staff of its locality
    "courses:programme_manage_list": Rule(STAFF),
    "courses:programme_create": Rule(STAFF),
    "courses:programme_edit": Rule(STAFF, k(pk="programme")),
    "courses:bursary_payment_create": Rule(LOCAL_STAFF, k(application_pk="application")),
    "courses:cohort_list": Rule(STAFF),
    "courses:cohort_create": Rule(STAFF),
    "courses:cohort_detail": Rule(LOCAL_STAFF, k(pk="cohort")),
    "courses:cohort_calendar": Rule(LOCAL_STAFF | SELF, k(pk="cohort")),  # the learner holds a place on it
    "courses:cohort_edit": Rule(LOCAL_STAFF, k(pk="cohort")),
    "courses:session_create": Rule(LOCAL_STAFF, k(pk="cohort")),
    "courses:qualification_create": Rule(LOCAL_STAFF, k(pk="cohort")),
    "courses:attendance": Rule(LOCAL_STAFF, k(session_pk="session")),
    "courses:cohort_close": Rule(LOCAL_STAFF, k(pk="cohort")),
    "courses:course_outcome": Rule(LOCAL_STAFF, k(application_pk="application")),
    # impact: staff and partners see suppressed figures; drill-down to learners is staff only
    "impact:dashboard": Rule(STAFF | PARTNER),
    "impact:dashboard_csv": Rule(STAFF | PARTNER),
    "impact:drilldown": Rule(STAFF, lambda w: {"step": "enrolled"}),
    "impact:evidence_list": Rule(STAFF | PARTNER),
    "impact:evidence_detail": Rule(STAFF | PARTNER, lambda w: {"slug": w.evidence.programme.slug}),
    "impact:reports": Rule(STAFF | PARTNER),
    # reports carry suppressed aggregates only: any staff member may download one (partners their own)
    "impact:report_download": Rule(STAFF, k(pk="report")),
    # evidence reviews: staff record them, partners only read them
    "impact:evidence_review": Rule(STAFF, lambda w: {"slug": w.evidence.programme.slug}),
    # surveys: a learner answers only their own (the check-in link sends them to theirs, or home) ...
    "impact:survey": Rule(LEARNERS),
    "impact:resilience": Rule(SELF, lambda w: {"application_pk": w.application.pk, "moment": "start"}),
    "impact:follow_up": Rule(SELF, lambda w: {"application_pk": _started_work(w).pk, "month": 3}),
    "impact:satisfaction": Rule(SELF, lambda w: {"application_pk": _started_work(w).pk}),
    # ... staff of the learner's locality type in a paper check or a phone follow-up ...
    "impact:staff_resilience": Rule(LOCAL_STAFF, lambda w: {"application_pk": w.application.pk, "moment": "start"}),
    "impact:staff_follow_up": Rule(LOCAL_STAFF, lambda w: {"application_pk": _started_work(w).pk, "month": 3}),
    # ... and a provider user rates the academy for their own organisation (no id in the URL)
    "impact:provider_satisfaction": Rule(PROVIDERS),
    # providers
    "providers:home": Rule(PROVIDERS),
    "providers:list": Rule(STAFF),
    "providers:create": Rule(STAFF),
    "providers:detail": Rule(STAFF | OWN_PROVIDER, k(pk="provider")),
    "providers:edit": Rule(STAFF | OWN_PROVIDER, k(pk="provider")),
    "providers:site_create": Rule(STAFF | OWN_PROVIDER, k(pk="provider")),
    "providers:site_edit": Rule(STAFF | OWN_PROVIDER, k(pk="site")),
    "providers:contact_create": Rule(STAFF | OWN_PROVIDER, k(pk="provider")),
    "providers:contact_edit": Rule(STAFF | OWN_PROVIDER, k(pk="contact")),
    "providers:contact_delete": Rule(
        STAFF | OWN_PROVIDER, lambda w: {"pk": ProviderContactFactory(provider=w.provider).pk}, method="post", fresh=True
    ),
    "providers:learner_detail": Rule(OWN_PROVIDER, k(pk="learner_obj")),
    # vacancies
    "vacancies:manage_list": Rule(STAFF | PROVIDERS),
    "vacancies:create": Rule(STAFF | PROVIDERS),
    "vacancies:manage_detail": Rule(STAFF | OWN_PROVIDER, k(pk="vacancy")),
    "vacancies:edit": Rule(STAFF | OWN_PROVIDER, k(pk="vacancy")),
    "vacancies:status": Rule(STAFF | OWN_PROVIDER, k(pk="vacancy"), method="post"),
    "vacancies:ring_fence_create": Rule(STAFF | OWN_PROVIDER, k(pk="vacancy")),
    "vacancies:ring_fence_delete": Rule(
        STAFF | OWN_PROVIDER, lambda w: {"pk": RingFenceFactory(vacancy=w.vacancy, cohort=CohortFactory()).pk},
        method="post", fresh=True,
    ),
    "vacancies:cohort_guarantees": Rule(STAFF),
    "vacancies:cohort_guarantee": Rule(LOCAL_STAFF, k(pk="cohort")),
    # placements: the learner's own
    "placements:my": Rule(LEARNERS),
    "placements:book": Rule(LEARNERS),
    "placements:interview_cancel": Rule(
        SELF, lambda w: {"pk": placement_services.interview_book(
            slot=InterviewSlotFactory(vacancy=VacancyFactory(provider=w.provider, site=w.site), starts_at=in_days(5)),
            application=w.application,
            by=w.learner_obj.user, via="self").pk},
        method="post", fresh=True,
    ),
    # placements: staff matching for a learner in their locality
    "placements:matches": Rule(LOCAL_STAFF, k(learner_pk="learner_obj")),
    "placements:confirm": Rule(LOCAL_STAFF, k(learner_pk="learner_obj", opportunity_pk="opportunity")),
    "placements:schedule_interview": Rule(LOCAL_STAFF, k(learner_pk="learner_obj")),
    "placements:list": Rule(STAFF | PROVIDERS),
    "placements:detail": Rule(LOCAL_STAFF | OWN_PROVIDER | SELF, k(pk="placement")),
    "placements:respond": Rule(OWN_PROVIDER, k(pk="placement")),
    "placements:attendance": Rule(LOCAL_STAFF | OWN_PROVIDER, k(pk="placement"), method="post"),
    "placements:complete": Rule(LOCAL_STAFF, k(pk="placement"), method="post"),
    "placements:provider_feedback": Rule(OWN_PROVIDER, k(pk="placement")),
    "placements:learner_feedback": Rule(SELF, k(pk="placement")),
    "placements:opportunities": Rule(STAFF | PROVIDERS),
    "placements:opportunity_create": Rule(STAFF | PROVIDERS),
    "placements:opportunity_edit": Rule(STAFF | OWN_PROVIDER, k(pk="opportunity")),
    "placements:slots": Rule(STAFF | PROVIDERS),
    "placements:slot_delete": Rule(
        STAFF | OWN_PROVIDER, lambda w: {"pk": InterviewSlotFactory(vacancy=w.vacancy).pk}, method="post", fresh=True
    ),
    "placements:interviews": Rule(STAFF | PROVIDERS),
    "placements:interview_outcome": Rule(LOCAL_STAFF | OWN_PROVIDER, k(pk="interview")),
    "placements:interview_calendar": Rule(LOCAL_STAFF | OWN_PROVIDER | SELF, k(pk="interview")),
    "placements:interview_staff_cancel": Rule(LOCAL_STAFF, k(pk="interview")),
    "placements:interview_move": Rule(LOCAL_STAFF, k(pk="interview")),
    "placements:offer_decide": Rule(LOCAL_STAFF | SELF, k(pk="offer")),
    "placements:job_start": Rule(LOCAL_STAFF, k(pk="offer")),
    "placements:outside_job": Rule(LOCAL_STAFF, k(application_pk="application")),
    "placements:interview_feedback": Rule(LOCAL_STAFF, lambda w: {"pk": _no_offer(w).pk}),
    "placements:events": Rule(STAFF | PROVIDERS),
    "placements:event_create": Rule(STAFF),
    "placements:event": Rule(STAFF | OWN_PROVIDER, k(pk="event")),
    "placements:meeting_flag": Rule(OWN_PROVIDER, k(pk="meeting")),
    # background tasks and reminders (academy)
    "academy:task_list": Rule(STAFF),
    "academy:task_retry": Rule(STAFF, lambda w: {"pk": 999_999}, method="post", missing=True),
    "reminders:settings": Rule(SIGNED_IN),
    "reminders:dismiss": Rule(SIGNED_IN, lambda w: {"pk": 999_999}, method="post", missing=True),
    # personnel files
    "learners:personnel_files": Rule(STAFF),
    "learners:personnel_file": Rule(LOCAL_STAFF, k(learner_id="learner_obj")),
    "learners:personnel_file_build": Rule(LOCAL_STAFF, k(learner_id="learner_obj"), method="post"),
    "learners:personnel_file_release": Rule(LOCAL_STAFF, k(learner_id="learner_obj"), method="post"),
    "learners:personnel_file_download": Rule(LOCAL_STAFF, k(learner_id="learner_obj"), missing=True),
    "learners:personnel_file_revoke": Rule(STAFF, lambda w: {"release_id": 999_999}, method="post", missing=True),
    "learners:my_personnel_file": Rule(LEARNERS),
    "learners:my_personnel_file_build": Rule(LEARNERS, method="post"),
    "learners:my_personnel_file_download": Rule(LEARNERS, missing=True),
    "learners:provider_personnel_files": Rule(PROVIDERS),
    "learners:provider_personnel_file_download": Rule(PROVIDERS, lambda w: {"token": "no-such-token"}, missing=True),
    # equality monitoring: one learner's answers only for the equality-data role, which no persona here holds
    # (tests/equality/test_answers.py proves that role's access); ordinary staff are refused like everyone else
    "equality:why_we_ask": Rule(ALL),
    "equality:after_applying": Rule(ALL),  # only the person who has just applied gets the form (tests/equality)
    "equality:my_answers": Rule(LEARNERS),
    "equality:learner_answers": Rule(frozenset(), k(pk="learner_obj")),
    "equality:adjustments": Rule(STAFF),
    # who the academy reaches: priority groups, outcomes by group, the participant export
    "reach:after_applying_groups": Rule(ALL),
    "reach:my_groups": Rule(LEARNERS),
    "reach:learner_groups": Rule(LOCAL_STAFF, k(pk="learner_obj")),
    "reach:outcomes": Rule(STAFF | PARTNER),
    "reach:outcomes_csv": Rule(STAFF | PARTNER),
    "reach:participants": Rule(STAFF),
    # imports from spreadsheets: any staff member uploads; a batch is its uploader's alone
    "imports:home": Rule(STAFF),
    "imports:template": Rule(STAFF, lambda w: {"kind": "learners", "file_format": "xlsx"}),
    "imports:upload": Rule(STAFF, lambda w: {"kind": "learners"}),
    "imports:preview": Rule(LOCAL_STAFF, lambda w: {"public_id": w.import_batch.public_id}),
    "imports:confirm": Rule(LOCAL_STAFF, lambda w: {"public_id": w.import_batch.public_id}, method="post"),
    # applications staff take on the phone or at a drop-in, and the "how did you hear" list
    "learners:application_take": Rule(STAFF),
    "learners:sources": Rule(STAFF),
    "learners:source_create": Rule(STAFF),
    "learners:source_edit": Rule(STAFF, k(pk="source")),
    # the wording of the messages people receive, and the messages that need staff
    "notifications:template_list": Rule(STAFF),
    "notifications:template_edit": Rule(STAFF, k(pk="message_template")),
    "notifications:template_preview": Rule(STAFF, k(pk="message_template"), method="post"),
    "workqueue:message_retry": Rule(LOCAL_STAFF, k(pk="message"), method="post"),
    "workqueue:letter_posted": Rule(LOCAL_STAFF, k(pk="message"), method="post"),
    "workqueue:message_mark_sent": Rule(LOCAL_STAFF, k(pk="stopped_message"), method="post"),
    "workqueue:message_send_again": Rule(LOCAL_STAFF, k(pk="stopped_message"), method="post"),
}


def _walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            full_ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else ns
            yield from _walk(p.url_patterns, prefix + str(p.pattern), full_ns)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            if route.startswith(SKIPPED_PREFIXES) or not p.name:
                continue
            yield f"{namespace}:{p.name}" if namespace else p.name


def discovered_url_names() -> list[str]:
    return sorted(set(_walk(get_resolver().url_patterns)))


def test_every_url_has_an_access_rule():
    missing = [name for name in discovered_url_names() if name not in POLICY]
    assert not missing, f"URLs without an access rule in tests/security/test_access_matrix.py: {missing}"


def test_every_rule_names_a_url_that_exists():
    stale = sorted(set(POLICY) - set(discovered_url_names()))
    assert not stale, f"Rules for URLs that no longer exist: {stale}"


class World:
    """One object of each kind, owned by the allowed personas: Blackpool staff's learner `learner`,
    the provider of `provider_user`."""

    def __init__(self, *, staff, provider_user, learner, locality):
        provider = provider_user.provider
        self.provider = provider
        self.programme = ProgrammeFactory()
        self.cohort = CohortFactory(programme=self.programme, locality=locality)
        self.learner_obj = learner
        self.application = enrolled_application(learner=learner, cohort=self.cohort)
        self.applied = ApplicationFactory(learner=learner, cohort=CohortFactory(locality=locality))
        screening_start(application=self.applied, by=staff)
        self.value = AcademyValueFactory()
        self.bank = QuestionBankFactory()
        self.dbs = DbsCheckFactory(learner=learner, by=staff)
        self.reference = ReferenceFactory(learner=learner)
        self.right_to_work = RightToWorkCheck.objects.create(
            learner=learner, document_type=RightToWorkCheck.DocumentType.UK_PASSPORT,
            checked_on=timezone.localdate(), checked_by=staff,
            image=ContentFile(b"%PDF-1.4 test", name="passport.pdf"), image_content_type="application/pdf",
        )
        self.session = CohortSessionFactory(cohort=self.cohort)
        self.evidence = ProgrammeEvidenceFactory(programme=self.programme)
        self.report = ImpactReport.objects.create(
            requested_by=staff, period_start=timezone.localdate() - datetime.timedelta(days=30),
            period_end=timezone.localdate(), locality=locality, status=ImpactReport.Status.READY,
            file=ContentFile(b"%PDF-1.4 report", name="report.pdf"),
        )
        self.site = SiteFactory(provider=provider)
        self.contact = ProviderContactFactory(provider=provider)
        self.vacancy = VacancyFactory(provider=provider, site=self.site)
        self.ring_fence = RingFenceFactory(vacancy=self.vacancy, cohort=self.cohort)
        self.opportunity = PlacementOpportunityFactory(site=self.site, provider=provider)
        self.placement = placement_services.placement_confirm(
            application=self.application, opportunity=self.opportunity, by=staff,
            start_date=self.opportunity.available_from,
            end_date=self.opportunity.available_from + datetime.timedelta(days=14),
        )
        second = enrolled_application(learner=learner, cohort=CohortFactory(locality=locality))
        self.interview = held_interview(application=second, by=staff, vacancy=self.vacancy)
        offered = held_interview(
            application=enrolled_application(learner=learner, cohort=CohortFactory(locality=locality)),
            by=staff, vacancy=self.vacancy,
        )
        for stage in ("completed", "interviewed"):
            application_transition(application=offered.application, to_stage=stage, by=staff)
        offered.application.refresh_from_db()
        placement_services.interview_record_outcome(
            interview=offered, outcome="offer", by=provider_user,
            proposed_start_date=timezone.localdate() + datetime.timedelta(days=14),
        )
        self.offer = offered.offer
        self.slot = InterviewSlotFactory(vacancy=self.vacancy)
        self.event = RecruitmentEventFactory(locality=locality, providers=[provider])
        self.meeting = placement_services.event_meeting_add(
            event=self.event, provider=provider, application=self.application, by=staff,
        )
        self.import_batch = ImportBatch.objects.create(kind=ImportBatch.Kind.LEARNERS, created_by=staff,
                                                       file_name="referrals.csv")
        self.source = ApplicationSourceFactory(name="Access matrix source")
        self.message_template = MessageTemplateFactory()
        self.message = NotificationFactory(learner=learner, status=Notification.Status.FAILED)
        # Claimed by a worker that died an hour ago: its sending stopped part-way.
        self.stopped_message = NotificationFactory(learner=learner, status=Notification.Status.SENDING,
                                                   claimed_at=timezone.now() - datetime.timedelta(hours=1))


def _expectation_holds(persona: str, rule: Rule, response) -> bool:
    status = response.status_code
    location = response.get("Location", "")
    if persona in rule.allowed:
        ok = (200, 302, 400, 404) if rule.missing else (200, 302, 400)
        return status in ok and "/accounts/login/" not in location
    if persona == "anonymous":
        return status == 302 and "/accounts/login/" in location
    return status in (403, 404)


MATRIX_NAMES = sorted(POLICY)


@pytest.mark.parametrize("url_name", MATRIX_NAMES)
def test_access_matrix(url_name, request, staff, locality):
    from django.urls import reverse

    if url_name not in discovered_url_names():
        pytest.skip("not routed in this build")
    rule = POLICY[url_name]
    personas = {name: (None if name == "anonymous" else request.getfixturevalue(name)) for name in PERSONAS}
    world = World(staff=staff, provider_user=personas["provider_user"], learner=personas["learner"],
                  locality=locality)
    url = reverse(url_name, kwargs=rule.kwargs(world) if rule.kwargs else None)
    failures = []
    # Refused personas first, so an allowed POST cannot change what the refused ones would see.
    order = sorted(PERSONAS, key=lambda name: name in rule.allowed)
    for name in order:
        client = Client()
        user = personas[name]
        if user is not None:
            client.force_login(getattr(user, "user", user))
        if rule.fresh:
            url = reverse(url_name, kwargs=rule.kwargs(world))
        response = client.post(url) if rule.method == "post" else client.get(url)
        if not _expectation_holds(name, rule, response):
            failures.append(f"{name}: {response.status_code} {response.get('Location', '')}")
    assert not failures, f"{url_name} ({url}): {failures}"


# --- What a provider sees of a learner (providers.permissions.provider_learner_view) -----------
#
# The name only while the learner has an active placement, interview or file release with that
# provider, or met them at a recent event (name only); contact details only with the learner's
# consent to share; after consent is withdrawn, or once nothing is active, "a learner".


def _offer_from_another_provider(learner, staff, provider_user):
    """A job offer the learner holds from some other provider (a release needs an offer)."""
    interview = held_interview(application=enrolled_application(learner=learner), by=staff)
    for stage in ("completed", "interviewed"):
        application_transition(application=interview.application, to_stage=stage, by=staff)
    interview.application.refresh_from_db()
    placement_services.interview_record_outcome(
        interview=interview, outcome="offer", by=staff,
        proposed_start_date=timezone.localdate() + datetime.timedelta(days=14))
    return interview.offer


def _link(case, *, learner, provider_user, staff):
    """Sets up one case; returns the interview with this provider, if the case has one."""
    from learners.models import ConsentRecord, PersonnelFileRelease
    from tests.factories.personnel import give_consent, withdraw_consent

    provider = provider_user.provider
    if case in ("interview and consent", "consent withdrawn", "interview ended without an offer",
                "placement and consent", "file released", "event and consent", "erased"):
        give_consent(learner)
    interview = None
    if case in ("interview, no consent", "interview and consent", "consent withdrawn",
                "interview ended without an offer", "erased"):
        interview = held_interview(application=enrolled_application(learner=learner), by=staff,
                                   vacancy=VacancyFactory(provider=provider, site=SiteFactory(provider=provider)))
    if case == "placement and consent":
        opportunity = PlacementOpportunityFactory(site__provider=provider, provider=provider)
        placement_services.placement_confirm(
            application=enrolled_application(learner=learner), opportunity=opportunity, by=staff,
            start_date=opportunity.available_from, end_date=opportunity.available_from + datetime.timedelta(days=14))
    if case == "file released":
        now = timezone.now()
        PersonnelFileRelease.objects.create(
            learner=learner, provider=provider, job_offer=_offer_from_another_provider(learner, staff, provider_user),
            released_by=staff, released_at=now, expires_at=now + datetime.timedelta(days=7))
    if case in ("event only", "event and consent"):
        event = RecruitmentEventFactory(locality=learner.locality, providers=[provider], date=timezone.localdate())
        placement_services.event_meeting_add(event=event, provider=provider,
                                             application=enrolled_application(learner=learner), by=staff)
    if case == "consent withdrawn":
        withdraw_consent(learner)
        assert not ConsentRecord.objects.filter(learner=learner, withdrawn_at__isnull=True).exists()
    if case == "interview ended without an offer":
        placement_services.interview_record_outcome(interview=interview, outcome="no_offer", by=provider_user,
                                                    reason="Another candidate had more experience.")
    if case == "erased":
        learner.erased_at = timezone.now()
        learner.save(update_fields=["erased_at"])
    return interview


PROVIDER_CASES = {
    # case: (name shown, contact details shown)
    "nothing shared": (False, False),
    "interview, no consent": (True, False),
    "interview and consent": (True, True),
    "placement and consent": (True, True),
    "file released": (True, True),
    "event only": (True, False),
    "event and consent": (True, False),      # an event meeting never gives contact details
    "consent withdrawn": (False, False),     # even with the interview still pending
    "interview ended without an offer": (False, False),
    "erased": (False, False),
}


@pytest.mark.parametrize("case", sorted(PROVIDER_CASES))
def test_what_a_provider_sees_of_a_learner(case, staff, provider_user, other_provider_user, learner, client_for):
    from django.urls import reverse

    from providers.permissions import provider_learner_view

    name_shown, contact_shown = PROVIDER_CASES[case]
    interview = _link(case, learner=learner, provider_user=provider_user, staff=staff)
    name = learner.full_name

    view = provider_learner_view(provider_user.provider_id, learner)
    assert (view.name, view.contact) == (name_shown, contact_shown)
    assert provider_learner_view(other_provider_user.provider_id, learner) == view.__class__(False, False)

    client = client_for(provider_user)
    page = client.get(reverse("providers:learner_detail", args=[learner.pk]))
    assert page.status_code == (200 if name_shown else 404)
    if name_shown:
        body = page.content.decode()
        assert name in body
        assert (learner.email in body) is contact_shown
    home = client.get(reverse("providers:home")).content.decode()
    # The home page lists placements, interviews and event meetings (a released file has no row there).
    assert (name in home) is (name_shown and case != "file released")
    pages = [reverse("placements:interviews"), reverse("placements:slots"), reverse("placements:list")]
    if interview is not None:
        pages.append(reverse("vacancies:manage_detail", args=[interview.vacancy_id]))
        interviews = client.get(reverse("placements:interviews")).content.decode()
        assert (name in interviews) is name_shown
        assert name_shown or "a learner" in interviews
    for url in pages:
        body = client.get(url).content.decode()
        assert name not in body or name_shown, url
    other = client_for(other_provider_user)
    for url in (reverse("providers:home"), reverse("placements:interviews"), reverse("placements:slots")):
        assert name not in other.get(url).content.decode()


def test_staff_of_another_locality_see_no_learner_names_on_the_slot_and_vacancy_pages(
    staff, other_locality_staff, provider_user, learner, client_for
):
    from django.urls import reverse

    interview = held_interview(application=enrolled_application(learner=learner), by=staff)
    urls = (reverse("placements:slots"), reverse("vacancies:manage_detail", args=[interview.vacancy_id]))
    for url in urls:
        assert learner.full_name in client_for(staff).get(url).content.decode(), url
        body = client_for(other_locality_staff).get(url).content.decode()
        assert learner.full_name not in body, url
        assert "a learner" in body, url
