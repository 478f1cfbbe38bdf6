from __future__ import annotations

from django.urls import path

from mesoplan.web.clinic.views import (
    audit_page,
    charting,
    client_detail,
    client_edit,
    clients,
    clinic_admin,
    consent,
    dashboard,
    fhir,
    me,
    photos,
    reactions,
    session_detail,
)

app_name = "clinic"
urlpatterns = [
    path("", dashboard.dashboard, name="home"),
    path("new/", clinic_admin.clinic_new, name="clinic_new"),
    path("org/<int:pk>/", clinic_admin.clinic_settings, name="settings"),
    path("org/<int:pk>/members/", clinic_admin.member_add, name="member_add"),
    path("org/<int:pk>/locations/", clinic_admin.location_add, name="location_add"),
    path("org/<int:pk>/consent-texts/", clinic_admin.consent_publish, name="consent_publish"),
    path("org/<int:pk>/rescreen/", dashboard.rescreen_clinic, name="rescreen"),
    path("org/<int:pk>/rescreen/status/", dashboard.rescreen_status, name="rescreen_status"),
    path("members/<int:pk>/remove/", clinic_admin.member_remove, name="member_remove"),
    path("clients/", clients.client_list, name="clients"),
    path("clients/new/", clients.client_new, name="client_new"),
    path("clients/import/", fhir.client_import, name="client_import"),
    path("clients/<int:pk>/", client_detail.client_detail, name="client_detail"),
    path("clients/<int:pk>/edit/", client_edit.client_edit, name="client_edit"),
    path("clients/<int:pk>/intake/", client_edit.client_intake, name="client_intake"),
    path("clients/<int:pk>/consent/<slug:procedure>/", consent.consent_capture, name="consent"),
    path("clients/<int:pk>/sessions/new/", charting.session_new, name="session_new"),
    path("clients/<int:pk>/reactions/new/", reactions.reaction_new, name="reaction_new"),
    path("clients/<int:pk>/export/", fhir.client_export, name="client_export"),
    path("clients/<int:pk>/audit/", audit_page.client_audit, name="client_audit"),
    path("clients/<int:pk>/seen/", dashboard.change_seen, name="change_seen"),
    path("sessions/<int:pk>/", session_detail.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", charting.session_edit, name="session_edit"),
    path("sessions/<int:pk>/sign/", session_detail.session_sign, name="session_sign"),
    path("sessions/<int:pk>/amend/", session_detail.session_amend, name="session_amend"),
    path("sessions/<int:pk>/photos/new/", photos.photo_new, name="photo_new"),
    path("photos/<int:pk>/image/", photos.photo_image, name="photo_image"),
    path("me/", me.me, name="me"),
    path("me/link/", me.me_link, name="me_link"),
    path("me/<int:pk>/consent/<slug:procedure>/", me.me_consent, name="me_consent"),
]
