from django.urls import path

from . import views

app_name = "equality"

urlpatterns = [
    path("why-we-ask/", views.why_we_ask, name="why_we_ask"),
    path("after-applying/", views.after_applying, name="after_applying"),
    path("me/", views.my_answers, name="my_answers"),
    path("learners/<int:pk>/", views.learner_answers, name="learner_answers"),
    path("adjustments/", views.adjustments, name="adjustments"),
]
