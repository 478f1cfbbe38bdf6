from __future__ import annotations

from django.urls import path

from mesoplan.web.selfcheck.views import answer, downloads, saved_actions, saved_detail, saved_edit, saved_list, start

app_name = "selfcheck"
urlpatterns = [
    path("", start.start, name="form"),
    path("answer/", answer.show, name="answer"),
    path("answer/plan/", answer.plan, name="answer_plan"),
    path("answer/plan.ics", downloads.ics, name="download_ics"),
    path("answer/plan.pdf", downloads.pdf, name="download_pdf"),
    path("save/", saved_actions.save, name="save"),
    path("saved/", saved_list.saved_list, name="saved_list"),
    path("saved/<int:pk>/", saved_detail.saved_detail, name="saved_detail"),
    path("saved/<int:pk>/edit/", saved_edit.saved_edit, name="saved_edit"),
    path("saved/<int:pk>/rescreen/", saved_actions.rescreen, name="saved_rescreen"),
    path("saved/<int:pk>/delete/", saved_actions.delete, name="saved_delete"),
    path("saved/<int:pk>/plan/", saved_detail.saved_plan, name="saved_plan"),
    path("saved/<int:pk>/plan.ics", downloads.saved_ics, name="saved_ics"),
    path("saved/<int:pk>/plan.pdf", downloads.saved_pdf, name="saved_pdf"),
]
