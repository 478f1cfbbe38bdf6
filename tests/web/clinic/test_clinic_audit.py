"""The audit trail: every look at a client's pages and every change is an event; the admin reads them."""

from __future__ import annotations

import pytest
from chart_posts import chart_post
from clinic_world import Side
from django.test import Client as Browser

from mesoplan.web.clinic.models import AuditEvent

pytestmark = pytest.mark.django_db


def _events(side: Side) -> list[tuple[str, str, str]]:
    return [(e.user_name, e.action, e.detail) for e in AuditEvent.objects.filter(client=side.client).order_by("pk")]


@pytest.mark.parametrize(("url", "detail"), [
    ("/clinic/clients/{client}/", "client"),
    ("/clinic/sessions/{session}/", "session of"),
    ("/clinic/clients/{client}/intake/", "intake"),
    ("/clinic/clients/{client}/sessions/new/", "charting"),
])
def test_looking_at_a_client_page_writes_a_view_event(client: Browser, ours: Side, url: str, detail: str) -> None:
    client.force_login(ours.practitioner)
    client.get(url.format(client=ours.client.pk, session=ours.session.pk))
    user, action, text = _events(ours)[-1]
    assert (user, action) == ("a_practitioner", "view") and text.startswith(detail)


def test_each_change_writes_its_event(client: Browser, ours: Side) -> None:
    client.force_login(ours.practitioner)
    client.post(f"/clinic/clients/{ours.client.pk}/edit/", {"name": "Client a", "email": "new@example.org"})
    client.post(f"/clinic/clients/{ours.client.pk}/sessions/new/", chart_post(ours))
    client.post(f"/clinic/sessions/{ours.draft.pk}/sign/")
    client.post(f"/clinic/sessions/{ours.session.pk}/amend/", {"note": "x", "photo_kind": "after"})
    client.get(f"/clinic/clients/{ours.client.pk}/export/")
    actions = [(a, d.split(" of ")[0]) for _, a, d in _events(ours) if a != "view"][-5:]
    assert actions == [("change", "details: email"), ("create", "session"), ("sign", "session"),
                       ("amend", "session"), ("export", "FHIR R4B bundle")]


def test_a_refused_look_writes_nothing(client: Browser, ours: Side, theirs: Side) -> None:
    before = AuditEvent.objects.count()
    client.force_login(theirs.practitioner)
    assert client.get(f"/clinic/clients/{ours.client.pk}/").status_code == 404
    assert AuditEvent.objects.count() == before


def test_the_admin_reads_the_trail_of_a_client(client: Browser, ours: Side) -> None:
    client.force_login(ours.practitioner)
    client.get(f"/clinic/clients/{ours.client.pk}/")
    client.force_login(ours.admin)
    html = client.get(f"/clinic/clients/{ours.client.pk}/audit/").content.decode()
    trail = html[html.index('id="audit"'):]
    assert "a_practitioner" in trail and "viewed" in trail and "signed" in trail


@pytest.mark.parametrize("role", ["practitioner", "front_desk"])
def test_only_the_admin_reads_the_trail(client: Browser, ours: Side, role: str) -> None:
    client.force_login(getattr(ours, role))
    assert client.get(f"/clinic/clients/{ours.client.pk}/audit/").status_code == 403


def test_a_new_reaction_is_logged_as_created(client: Browser, ours: Side) -> None:
    client.force_login(ours.practitioner)
    client.post(f"/clinic/clients/{ours.client.pk}/reactions/new/",
                {"date": ours.session.date.isoformat(), "session": ours.session.pk, "symptom": "redness",
                 "severity": "2"})
    assert _events(ours)[-1][1:] == ("create", "reaction redness")


def test_the_admin_reads_the_whole_clinics_trail_filtered_by_what_happened_and_who(
        client: Browser, ours: Side, theirs: Side) -> None:
    client.force_login(ours.practitioner)
    client.get(f"/clinic/clients/{ours.client.pk}/")
    client.get(f"/clinic/clients/{ours.client.pk}/export/")
    client.force_login(ours.admin)
    dashboard = client.get("/clinic/").content.decode()
    assert f"/clinic/org/{ours.organisation.pk}/audit/" in dashboard
    html = client.get(f"/clinic/org/{ours.organisation.pk}/audit/",
                      {"action": "export", "who": "a_pract"}).content.decode()
    trail = html[html.index('id="audit"'):html.index("</table>")]
    assert "FHIR R4B record" in trail and "Client a" in trail and "viewed" not in trail
    assert "THEIRS-" not in html


def test_the_trail_filters_refuse_an_end_before_the_start(client: Browser, ours: Side) -> None:
    client.force_login(ours.admin)
    html = client.get(f"/clinic/org/{ours.organisation.pk}/audit/",
                      {"since": "2026-12-03", "until": "2026-12-01"}).content.decode()
    assert "The end comes before the start." in html
