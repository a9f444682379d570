from django.urls import path

from . import views

app_name = "workqueue"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("queue/<slug:slug>/", views.queue_list, name="queue"),
    path("messages/<int:pk>/retry/", views.message_retry, name="message_retry"),
    path("messages/<int:pk>/posted/", views.letter_posted, name="letter_posted"),
]
