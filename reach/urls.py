from django.urls import path

from . import views

app_name = "reach"

urlpatterns = [
    path("outcomes/", views.outcomes, name="outcomes"),
    path("outcomes.csv", views.outcomes_csv, name="outcomes_csv"),
    path("me/groups/", views.my_groups, name="my_groups"),
    path("after-applying/groups/", views.after_applying_groups, name="after_applying_groups"),
    path("learners/<int:pk>/groups/", views.learner_groups, name="learner_groups"),
    path("participants/", views.participants, name="participants"),
]
