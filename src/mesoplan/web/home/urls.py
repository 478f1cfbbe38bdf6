from __future__ import annotations

from django.urls import path

from mesoplan.web.home.views import reminders

app_name = "home"
urlpatterns = [
    path("reminders/", reminders.reminder_choice, name="reminders"),
    path("reminders/stop/<str:token>/", reminders.unsubscribe, name="unsubscribe"),
]
