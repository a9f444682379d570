from django.urls import path

from . import views

app_name = "workqueue"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("queue/<slug:slug>/", views.queue_list, name="queue"),
    path("messages/<int:pk>/retry/", views.message_retry, name="message_retry"),
    path("messages/<int:pk>/posted/", views.letter_posted, name="letter_posted"),
    path("messages/<int:pk>/mark-sent/", views.message_mark_sent, name="message_mark_sent"),
    path("messages/<int:pk>/send-again/", views.message_send_again, name="message_send_again"),
]
