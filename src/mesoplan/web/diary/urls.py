from __future__ import annotations

from django.urls import path

from mesoplan.web.diary.views import dashboard, devices, flags, photos, progress_page, reactions, sessions

app_name = "diary"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("progress/", progress_page.progress_page, name="progress"),
    path("sessions/", sessions.session_list, name="sessions"),
    path("sessions/new/", sessions.session_new, name="session_new"),
    path("sessions/<int:pk>/", sessions.session_edit, name="session_edit"),
    path("sessions/<int:pk>/delete/", sessions.session_delete, name="session_delete"),
    path("devices/", devices.device_list, name="devices"),
    path("devices/new/", devices.device_new, name="device_new"),
    path("devices/<int:pk>/", devices.device_edit, name="device_edit"),
    path("devices/<int:pk>/cleaned/", devices.device_cleaned, name="device_cleaned"),
    path("devices/<int:pk>/delete/", devices.device_delete, name="device_delete"),
    path("reactions/", reactions.reaction_list, name="reactions"),
    path("reactions/new/", reactions.reaction_new, name="reaction_new"),
    path("reactions/<int:pk>/", reactions.reaction_edit, name="reaction_edit"),
    path("reactions/<int:pk>/delete/", reactions.reaction_delete, name="reaction_delete"),
    path("reactions/<int:pk>/seen/", flags.flag_seen, name="flag_seen"),
    path("reactions/<int:pk>/resolved/", flags.flag_resolved, name="flag_resolved"),
    path("photos/", photos.photo_list, name="photos"),
    path("photos/new/", photos.photo_new, name="photo_new"),
    path("photos/compare/", photos.photo_compare, name="photo_compare"),
    path("photos/<int:pk>/image/", photos.photo_image, name="photo_image"),
    path("photos/<int:pk>/delete/", photos.photo_delete, name="photo_delete"),
]
