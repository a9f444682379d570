from learners.models import Application, ApplicationSource, Learner
from providers.models import CareSetting, ClientGroup

FIRST_NAMES = ["Aisha", "Ben", "Chloe", "Daniel", "Ella", "Farah", "George", "Hannah", "Imran", "Jade",
               "Kyle", "Leah", "Mohammed", "Nina", "Owen", "Paige", "Rhys", "Sofia", "Tariq", "Zoe"]
LAST_NAMES = ["Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fletcher", "Green", "Hughes", "Iqbal", "Jones",
              "Kelly", "Lewis", "Murphy", "Nolan", "O'Brien", "Patel", "Roberts", "Smith", "Taylor", "Walker"]
POSTCODES = {"Blackpool": ["FY1 4AB", "FY2 9XY", "FY3 7PQ", "FY4 2RS"], "Fylde": ["FY8 2DE", "PR4 1GH"],
             "Wyre": ["FY5 3JK", "FY6 8LM"], "Lancaster": ["LA1 1NP", "LA3 2QR"], "Wigan": ["WN1 2ST", "WN5 9UV"],
             "Rochdale": ["OL11 3WX", "OL12 6YZ"], "Salford": ["M6 5AB", "M30 9CD"], "Liverpool": ["L4 5EF", "L8 7GH"]}
LEARNERS_PER_LOCALITY = 6


def seed_learners(ctx, *, demo_user) -> list[Learner]:
    settings = list(CareSetting.objects.all())
    groups = list(ClientGroup.objects.all())
    learners = []
    rng = ctx.rng
    for locality_name, locality in ctx.localities.items():
        for i in range(LEARNERS_PER_LOCALITY):
            first = FIRST_NAMES[(i * 7 + len(locality_name)) % len(FIRST_NAMES)]
            last = LAST_NAMES[(i * 3 + len(locality_name) * 5) % len(LAST_NAMES)]
            email = f"{first}.{last}.{locality_name}{i}".lower().replace("'", "") + "@learner.example"
            learner, created = Learner.objects.get_or_create(
                email=email,
                defaults={
                    "first_name": first, "last_name": last, "locality": locality,
                    "postcode": rng.choice(POSTCODES[locality_name]),
                    "situation": rng.choice(Learner.Situation.values),
                    "cannot_work_nights": rng.random() < 0.3,
                    "cannot_work_sleep_ins": rng.random() < 0.4,
                    "drives": rng.random() < 0.4,
                    "needs_childcare_support": rng.random() < 0.25,
                    "needs_travel_support": rng.random() < 0.35,
                },
            )
            if created:
                learner.preferred_settings.set(rng.sample(settings, 2))
                learner.preferred_client_groups.set(rng.sample(groups, 2))
            learners.append(learner)
    # The demo learner: a parent who cannot do nights or sleep-ins (as in the Fylde case study).
    manda, created = Learner.objects.get_or_create(
        user=demo_user,
        defaults={
            "first_name": "Manda", "last_name": "Rigby", "email": demo_user.email, "postcode": "FY8 4AB",
            "locality": ctx.localities["Fylde"], "situation": Learner.Situation.CARER_RETURNING,
            "cannot_work_nights": True, "cannot_work_sleep_ins": True, "needs_childcare_support": True,
        },
    )
    if created:
        manda.preferred_settings.set(CareSetting.objects.filter(code__in=["supported-living", "domiciliary"]))
        manda.preferred_client_groups.set(ClientGroup.objects.filter(code__in=["dementia", "mental-health"]))
    learners.append(manda)
    ctx.extra["learners"] = learners
    seed_pipeline(ctx, learners=learners, manda=manda)
    return learners


# --- The pipeline: learners at every stage ------------------------------------------------------
#
# Deterministic without the shared random source (so other apps' demo data does not shift): what happens
# to each demo learner depends only on their place in the list. Idempotent: a learner who already has an
# application is left alone.

VALUES = [
    ("Care", "Puts the person first: notices what matters to them and acts on it.", 1),
    ("Compassion", "Shows kindness and empathy, especially when someone is upset or in pain.", 2),
    ("Respect and dignity", "Protects privacy and choice; speaks to and about people as equals.", 3),
    ("Communication", "Listens well and explains things clearly, to people and to colleagues.", 4),
    ("Courage", "Speaks up when something is not right, even when that is hard.", 5),
    ("Commitment", "Reliable: turns up, follows through and wants to keep learning.", 6),
]
QUESTIONS = [
    ("Why would you like to work in care, and what do you think a good day at work looks like?", "Commitment"),
    ("Mrs Khan lives with dementia and says she does not want to get washed today. What would you do?",
     "Respect and dignity"),
    ("Tell us about a time you helped someone who was struggling.", "Compassion"),
    ("A colleague is rough with a resident when they think no one is looking. What would you do?", "Courage"),
    ("How would you explain to someone's daughter that her dad has had a difficult night?", "Communication"),
]
CASE_STUDY = ("Mrs Khan is 84, lives with dementia and has carers visiting four times a day. This morning she is "
              "tearful, says her late husband is coming to take her home and does not want to get washed or "
              "dressed. You have 30 minutes before your next visit.")
QUALIFICATIONS = [("Care Certificate (standards 1-15)", ""), ("Emergency First Aid at Work", "Level 3"),
                  ("Award in Health and Social Care", "Level 1")]
COLLEGES = {"Fylde": "Blackpool and The Fylde College", "Blackpool": "Blackpool and The Fylde College",
            "Wigan": "Wigan and Leigh College", "Lancaster": "Lancaster and Morecambe College"}


def seed_screening_config():
    from learners.models import AcademyValue, QuestionBank, ScreeningQuestion

    values = {}
    for name, descriptor, order in VALUES:
        values[name], _ = AcademyValue.objects.get_or_create(name=name, defaults={"descriptor": descriptor,
                                                                                  "order": order})
    bank, created = QuestionBank.objects.get_or_create(
        name="Care values interview (6 Cs)",
        defaults={"description": "The academy's standard values interview, used for every SBWA and taster cohort.",
                  "case_study": CASE_STUDY},
    )
    if created:
        for order, (text, value) in enumerate(QUESTIONS, start=1):
            ScreeningQuestion.objects.create(bank=bank, text=text, value=values[value], order=order)
    return list(values.values()), bank


def _source(name):
    """An entry of the source list the learners data migration seeds (recreated if staff removed it)."""
    return ApplicationSource.objects.get_or_create(name=name)[0]


def _at(day, hour=10):
    import datetime

    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _screen(application, *, staff, values, provider, outcome, on, low_value=False, low_level=False):
    from learners.models import SkillLevel
    from learners.services.screening import screening_decide, screening_record, screening_start

    screening = screening_start(application=application, by=staff)
    scores = {v: ((1 if i == 0 else 2) if low_value else 3 + (i % 2),
                  "Spoke only about the pay and hours; dismissive of Mrs Khan's wishes." if low_value
                  else "Put Mrs Khan's feelings first and offered to come back later.")
              for i, v in enumerate(values)}
    screening_record(
        screening=screening, by=staff, scores=scores, question_bank=application.cohort.question_bank,
        literacy_level=SkillLevel.ENTRY_2 if low_level else SkillLevel.LEVEL_1,
        numeracy_level=SkillLevel.ENTRY_3, profiling_result="developing" if low_value else "good",
        interview_on=on, interview_notes="Panel of three; relaxed conversation about the case study.",
        panel=[{"name": "Sam Okafor", "role": "academy_staff", "provider": None},
               {"name": "Jo Walsh", "role": "provider", "provider": provider},
               {"name": "Pat Lee", "role": "expert_by_experience", "provider": None}],
    )
    if outcome:
        college = COLLEGES.get(application.cohort.locality.name, "The local college")
        screening_decide(
            screening=screening, outcome=outcome, by=staff, at=_at(on, 15),
            reason="Values of care and compassion were not shown in the case study or interview." if low_value else "",
            college=college if outcome == "referred" else "",
        )
    return screening


def _dbs(learner, *, staff, upto, issued_on=None, content="clear", today):
    import datetime

    from learners.models import DbsCheck
    from learners.services.dbs import dbs_check_create, dbs_check_transition

    S = DbsCheck.Status
    check = dbs_check_create(learner=learner, by=staff, level=DbsCheck.Level.ENHANCED_ADULTS,
                             at=_at(today - datetime.timedelta(days=30)))
    path = [S.FORM_SENT, S.SUBMITTED, S.CERTIFICATE_ISSUED, S.UPDATE_SERVICE]
    for step in path[: path.index(upto) + 1] if upto != S.NOT_STARTED else []:
        kwargs = {}
        if step == S.CERTIFICATE_ISSUED:
            kwargs = {"certificate_number": f"00{learner.pk:010d}", "certificate_issued_on": issued_on,
                      "content": content,
                      "disclosure_discussed_on": issued_on + datetime.timedelta(days=2)
                      if content == "disclosed" else None}
        elif step == S.UPDATE_SERVICE:
            kwargs = {"subscribed_on": issued_on + datetime.timedelta(days=10),
                      "status_check_consent_on": issued_on + datetime.timedelta(days=10)}
        check = dbs_check_transition(dbs_check=check, to_status=step, by=staff, **kwargs)
    return check


def _documents(learner, *, staff, today, references_in=True):
    import datetime

    from learners.services.documents import (
        employment_history_add,
        reference_mark_received,
        reference_request,
        right_to_work_record,
    )

    if learner.references.exists():
        return
    reference_request(learner=learner, by=staff, referee_name="Carol Hughes",
                      relationship="Volunteer co-ordinator, Trinity Hospice shop",
                      requested_on=today - datetime.timedelta(days=20))
    ref = reference_request(learner=learner, by=staff, referee_name="Dev Patel",
                            relationship="Last employer (retail supervisor)",
                            requested_on=today - datetime.timedelta(days=20))
    if references_in:
        reference_mark_received(reference=ref, by=staff, received_on=today - datetime.timedelta(days=6))
    right_to_work_record(learner=learner, by=staff, document_type="uk_passport",
                         checked_on=today - datetime.timedelta(days=14))
    employment_history_add(learner=learner, by=staff, employer="Home Bargains", role="Sales assistant",
                           started_on=datetime.date(2019, 4, 1), ended_on=datetime.date(2023, 8, 31),
                           reason_for_leaving="Caring for a family member")


def _attendance(application, *, staff, index, today):
    from courses.models import Attendance

    sessions = [s for s in application.cohort.sessions.all() if s.date <= today]
    for j, session in enumerate(sessions):
        # Most attend nearly everything; every third learner misses enough to lose the bursary.
        missed = (index % 3 == 2 and j % 4 == 1) or (index % 3 != 2 and j == 3 and index % 2)
        status = Attendance.Status.ABSENT if missed else (
            Attendance.Status.LATE if (j + index) % 7 == 0 else Attendance.Status.PRESENT)
        Attendance.objects.get_or_create(session=session, application=application,
                                         defaults={"status": status, "recorded_by": staff})


def _walk(application, *, staff, values, provider, index, today):
    """Takes one application along the pipeline, according to its cohort's dates and the learner's index."""
    import datetime

    from courses.models import QualificationAward
    from learners.models import DbsCheck, Stage
    from learners.services.applications import application_enrol, application_transition
    from learners.services.dbs import dbs_decision_record

    cohort = application.cohort
    screen_on = min(cohort.start_date - datetime.timedelta(days=14), today)
    started = cohort.start_date <= today
    ended = cohort.end_date < today
    S = DbsCheck.Status
    learner = application.learner

    if index == 5:  # the one turned away, for values
        _screen(application, staff=staff, values=values, provider=provider, outcome="not_progressed",
                on=screen_on, low_value=True)
        return
    if index == 4:  # below Entry 3: referred to the college, invited back
        _screen(application, staff=staff, values=values, provider=provider, outcome="referred", on=screen_on,
                low_level=True)
        return
    if not started:
        if index == 0:
            return  # waiting for screening
        if index == 1:
            _screen(application, staff=staff, values=values, provider=provider, outcome="", on=screen_on)
            return
        _screen(application, staff=staff, values=values, provider=provider, outcome="accepted", on=screen_on)
        if index == 3:
            _dbs(learner, staff=staff, upto=S.FORM_SENT, today=today)
        return
    _screen(application, staff=staff, values=values, provider=provider, outcome="accepted", on=screen_on)
    application_enrol(application=application, by=staff, consent_given=index != 2,
                      at=_at(cohort.start_date, 9))
    _attendance(application, staff=staff, index=index, today=today)
    if not ended:
        dbs_plan = {0: S.UPDATE_SERVICE, 1: S.SUBMITTED, 2: S.FORM_SENT, 3: S.NOT_STARTED}
        _dbs(learner, staff=staff, upto=dbs_plan[index], issued_on=cohort.start_date + datetime.timedelta(days=5),
             today=today)
        _documents(learner, staff=staff, today=today, references_in=index == 0)
        return
    issued = cohort.start_date + datetime.timedelta(days=12)
    check = _dbs(learner, staff=staff, upto=S.UPDATE_SERVICE if index != 3 else S.CERTIFICATE_ISSUED,
                 issued_on=issued, content="disclosed" if index == 3 else "clear", today=today)
    if index == 3:
        dbs_decision_record(dbs_check=check, by=staff, decision="proceed", decision_on=issued + datetime.timedelta(days=3),
                            reason="Caution from 2012 for a minor matter, discussed openly; not relevant to care work.")
    _documents(learner, staff=staff, today=today)
    path = {0: [Stage.COMPLETED, Stage.INTERVIEWED, Stage.OFFERED, Stage.STARTED_WORK],
            1: [Stage.COMPLETED, Stage.INTERVIEWED, Stage.OFFERED], 2: [Stage.WITHDRAWN],
            3: [Stage.COMPLETED, Stage.INTERVIEWED]}[index]
    at = _at(cohort.end_date, 16)
    for step in path:
        application_transition(application=application, to_stage=step, by=staff, at=at,
                               note="Left the course early: found work elsewhere" if step == Stage.WITHDRAWN
                               else "")
        at += datetime.timedelta(days=6)
    if index != 2:
        for title, level in QUALIFICATIONS:
            QualificationAward.objects.get_or_create(application=application, title=title,
                                                     defaults={"level": level, "awarded_on": cohort.end_date,
                                                               "recorded_by": staff})


def seed_pipeline(ctx, *, learners, manda):
    import datetime

    from django.utils import timezone

    from courses.models import Cohort
    from learners.models import Enquiry
    from learners.services.applications import application_create, application_enrol
    from providers.models import Provider

    today = timezone.localdate()
    values, bank = seed_screening_config()
    Cohort.objects.filter(question_bank__isnull=True).update(question_bank=bank)
    provider = Provider.objects.order_by("pk").first()
    staff = ctx.staff
    cohorts = list(Cohort.objects.select_related("locality").order_by("start_date", "pk"))
    # The SBWA cohort people referred from Fylde come back to.
    return_cohort = next((c for c in reversed(cohorts) if c.locality.name == "Fylde"), None)
    for learner in learners:
        if learner == manda or learner.applications.exists():
            continue
        local = [c for c in cohorts if c.locality_id == learner.locality_id]
        if not local:
            continue  # no course in their area yet: they stay as registered interest
        index = int(learner.email.split("@")[0][-1])  # 0..5 from the seeded email
        cohort = local[index % len(local)] if len(local) > 1 and index in (1, 3) else local[0]
        submitted = _at(min(cohort.start_date - datetime.timedelta(days=21), today - datetime.timedelta(days=1)))
        application = application_create(learner=learner, cohort=cohort, at=submitted,
                                         motivation="I looked after my nan and want to do it properly.",
                                         source=_source("Jobcentre Plus referral"),
                                         how_taken=Application.HowTaken.REFERRAL,
                                         referral_organisation=f"{learner.locality.name} Jobcentre Plus",
                                         work_coach_name="Sam Whitworth", taken_by=staff)
        _walk(application, staff=staff, values=values, provider=provider, index=index, today=today)
        if index == 4 and learner.locality.name == "Fylde" and return_cohort and return_cohort != cohort:
            # Back from the college course: the new application is linked to the referred one.
            application_create(learner=learner, cohort=return_cohort, at=_at(today),
                               motivation="I have done my Entry 3 English and I am ready to try again.")

    # Manda, the demo learner: on the current Fylde SBWA cohort, consent given, checks still under way.
    fylde_now = next((c for c in cohorts if c.locality.name == "Fylde" and c.start_date <= today <= c.end_date), None)
    if fylde_now and not manda.applications.exists():
        application = application_create(
            learner=manda, cohort=fylde_now, at=_at(fylde_now.start_date - datetime.timedelta(days=20)),
            motivation="I worked as a carer in Yorkshire and want to come back to care now my children are at school.",
            source=_source("Job fair or recruitment event"),
            source_other="Facebook, then the Health and Social Care Job Fair",
        )
        _screen(application, staff=staff, values=values, provider=provider, outcome="accepted",
                on=fylde_now.start_date - datetime.timedelta(days=12))
        application_enrol(application=application, by=staff, consent_given=True,
                          at=_at(fylde_now.start_date, 9))
        _attendance(application, staff=staff, index=0, today=today)
        _dbs(manda, staff=staff, upto="form_sent", today=today)
        _documents(manda, staff=staff, today=today, references_in=False)
        from impact.services.support import support_spend_record

        support_spend_record(application=application, category="childcare", amount="60.00",
                             spent_on=fylde_now.start_date, note="After-school club, weeks 1-2")

    for i, locality in enumerate(ctx.localities.values()):
        for j, source in enumerate([Enquiry.Source.JOB_FAIR, Enquiry.Source.JOBCENTRE, Enquiry.Source.COMMUNITY]):
            email = f"enquiry-{locality.name.lower()}-{j}@enquirer.example"
            Enquiry.objects.get_or_create(email=email, defaults={
                "name": f"{FIRST_NAMES[(i + j * 5) % len(FIRST_NAMES)]} {LAST_NAMES[(i * 2 + j) % len(LAST_NAMES)]}",
                "source": source, "enquired_on": today - datetime.timedelta(days=7 * (j + 1) + i),
                "locality": locality, "recorded_by": staff,
            })
