from django.urls import path

from . import views, views_interviews, views_learner, views_outcomes

app_name = "placements"

urlpatterns = [
    # the learner's own pages
    path("me/", views.my_employment, name="my"),
    path("me/book/", views.book_interview, name="book"),
    path("me/interviews/<int:pk>/cancel/", views_learner.interview_cancel, name="interview_cancel"),
    # staff: matching, confirming, scheduling
    path("learners/<int:learner_pk>/matches/", views.learner_matches, name="matches"),
    path("learners/<int:learner_pk>/confirm/<int:opportunity_pk>/", views.placement_confirm, name="confirm"),
    path("learners/<int:learner_pk>/interview/", views.interview_schedule, name="schedule_interview"),
    # placements
    path("", views.placement_list, name="list"),
    path("<int:pk>/", views.placement_detail, name="detail"),
    path("<int:pk>/respond/", views.placement_respond, name="respond"),
    path("<int:pk>/attendance/", views.placement_attendance, name="attendance"),
    path("<int:pk>/complete/", views.placement_complete, name="complete"),
    path("<int:pk>/provider-feedback/", views.provider_feedback, name="provider_feedback"),
    path("<int:pk>/my-feedback/", views.learner_feedback, name="learner_feedback"),
    # placement opportunities
    path("opportunities/", views.opportunity_list, name="opportunities"),
    path("opportunities/new/", views.opportunity_edit, name="opportunity_create"),
    path("opportunities/<int:pk>/edit/", views.opportunity_edit, name="opportunity_edit"),
    # interviews, offers, starts
    path("slots/", views.slot_list, name="slots"),
    path("slots/<int:pk>/delete/", views.slot_delete, name="slot_delete"),
    path("interviews/", views.interview_list, name="interviews"),
    path("interviews/<int:pk>/calendar.ics", views_interviews.interview_calendar, name="interview_calendar"),
    path("interviews/<int:pk>/outcome/", views.interview_outcome, name="interview_outcome"),
    path("interviews/<int:pk>/cancel/", views_interviews.interview_cancel, name="interview_staff_cancel"),
    path("interviews/<int:pk>/move/", views_interviews.interview_move, name="interview_move"),
    path("offers/<int:pk>/decide/", views.offer_decide, name="offer_decide"),
    path("offers/<int:pk>/start/", views.job_start, name="job_start"),
    path("applications/<int:application_pk>/outside-job/", views_outcomes.outside_job, name="outside_job"),
    path("interviews/<int:pk>/feedback/", views_outcomes.interview_feedback, name="interview_feedback"),
    # events
    path("events/", views.event_list, name="events"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("meetings/<int:pk>/flag/", views.meeting_flag, name="meeting_flag"),
]
