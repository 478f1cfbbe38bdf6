from __future__ import annotations

from django.urls import path

from mesoplan.web.home.views import my_data, reminders

app_name = "home"
urlpatterns = [
    path("reminders/", reminders.reminder_choice, name="reminders"),
    path("reminders/stop/<str:token>/", reminders.unsubscribe, name="unsubscribe"),
    path("data/", my_data.my_data_page, name="my_data"),
    path("data/export.zip", my_data.export, name="export"),
]
