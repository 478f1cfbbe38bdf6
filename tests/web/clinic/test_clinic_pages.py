"""The clinic's pages: dashboard, client list and search, what the front desk sees, running the clinic,
and a client linking their own account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from clinic_builders import client_of, today
from clinic_world import Side
from django.contrib.auth.models import User
from django.test import Client as Browser
from web_builders import person, reaction, session

from mesoplan.web.clinic.models import Client, ClinicReaction, ConsentText, Membership, Organisation, PlannedEvent

pytestmark = pytest.mark.django_db


def test_the_dashboard_lists_who_is_due_this_week(client: Browser, ours: Side) -> None:
    PlannedEvent.objects.create(client=ours.client, position=99, date=today() + timedelta(days=2), kind="session",
                                title="Session 2 of 6", zones=["cheeks"])
    PlannedEvent.objects.create(client=ours.client, position=100, date=today() + timedelta(days=9), kind="session",
                                title="Session 3 of 6", zones=["cheeks"])
    client.force_login(ours.front_desk)
    due = client.get("/clinic/").content.decode().split('id="due"')[1]
    assert "Session 2 of 6" in due and "Session 3 of 6" not in due and "Client a" in due


def test_an_open_red_flag_reaches_the_dashboard_of_clinical_staff_only(client: Browser, ours: Side) -> None:
    ClinicReaction.objects.create(client=ours.client, session=ours.session, date=today(), symptom="infection_signs",
                                  severity=3)
    client.force_login(ours.practitioner)
    flags = client.get("/clinic/").content.decode().split('id="red-flags"')[1].split("</section>")[0]
    assert "Client a" in flags and 'data-kind="red_flag"' in flags
    client.force_login(ours.front_desk)
    assert 'id="red-flags"' not in client.get("/clinic/").content.decode()


def test_a_red_flag_logged_at_home_by_a_linked_client_reaches_the_dashboard(
        client: Browser, ours: Side, ana: User) -> None:
    reaction(ana, date=today(), symptom="infection_signs", severity=4)
    client.force_login(ours.practitioner)
    assert 'data-kind="red_flag"' in client.get("/clinic/").content.decode()


def test_a_red_flag_stays_on_the_dashboard_after_a_later_session_until_it_is_resolved(
        client: Browser, ours: Side) -> None:
    """The dashboard reads a flag as the gate does: its `resolved` step closes it, a later session does not."""
    from mesoplan.web.clinic.models import ClinicSession

    flag = ClinicReaction.objects.create(client=ours.client, date=today() - timedelta(days=3),
                                         symptom="infection_signs", severity=3)
    ClinicSession.objects.create(client=ours.client, date=today() - timedelta(days=1))
    client.force_login(ours.practitioner)
    assert 'data-kind="red_flag"' in client.get("/clinic/").content.decode().split('id="red-flags"')[1]
    ClinicReaction.objects.filter(pk=flag.pk).update(flag_status="resolved", flag_note="Healed")
    assert 'data-kind="red_flag"' not in client.get("/clinic/").content.decode().split('id="red-flags"')[1]


def test_a_linked_clients_home_flag_leaves_the_dashboard_once_they_record_it_resolved(
        client: Browser, ours: Side, ana: User) -> None:
    flag = reaction(ana, date=today() - timedelta(days=3), symptom="infection_signs", severity=4)
    session(ana, date=today() - timedelta(days=1))
    client.force_login(ours.practitioner)
    assert 'data-kind="red_flag"' in client.get("/clinic/").content.decode()
    type(flag).objects.filter(pk=flag.pk).update(flag_status="resolved", flag_resolved_by="Dr Curie")
    assert 'data-kind="red_flag"' not in client.get("/clinic/").content.decode()


@pytest.mark.usefixtures("immediate_tasks")
def test_the_dashboard_lists_the_changed_client_until_marked_seen(client: Browser, ours: Side) -> None:
    Client.objects.filter(pk=ours.client.pk).update(verdict="stop", reasons_digest="older", plan_digest="older",
                                                    knowledge_version="older-kb")
    client.force_login(ours.admin)
    client.post(f"/clinic/org/{ours.organisation.pk}/rescreen/")
    changed = client.get("/clinic/").content.decode().split('id="changed"')[1]
    assert "Client a" in changed and "not now" in changed
    client.post(f"/clinic/clients/{ours.client.pk}/seen/")
    assert "No changes to look at." in client.get("/clinic/").content.decode()


def test_the_client_list_finds_by_name(client: Browser, ours: Side) -> None:
    client_of(ours.organisation, "Zoë Martin")
    client.force_login(ours.front_desk)
    html = client.get("/clinic/clients/?q=zoë").content.decode()
    assert "Zoë Martin" in html and "Client a" not in html
    assert "No client matches this search." in client.get("/clinic/clients/?q=nobody").content.decode()


def test_the_front_desk_sees_details_and_consent_but_nothing_clinical(client: Browser, ours: Side) -> None:
    client.force_login(ours.front_desk)
    html = client.get(f"/clinic/clients/{ours.client.pk}/").content.decode()
    assert "a@example.org" in html and 'id="consents"' in html
    for clinical in ('id="screening"', "signed notes", 'id="sessions"', "Chart a session", 'id="timeline"'):
        assert clinical not in html
    assert client.get(f"/clinic/sessions/{ours.session.pk}/").status_code == 403
    assert 'class="badge' not in client.get("/clinic/clients/").content.decode().split("<tbody>")[1]


def test_the_front_desk_adds_a_client(client: Browser, ours: Side) -> None:
    client.force_login(ours.front_desk)
    response = client.post("/clinic/clients/new/", {"organisation": ours.organisation.pk, "name": "  New   Person ",
                                                    "birth_date": "1990-02-03", "sex": "female"})
    added = Client.objects.get(name="New Person")
    assert response["Location"] == f"/clinic/clients/{added.pk}/" and added.organisation == ours.organisation


def test_the_practitioner_takes_the_intake_and_the_client_is_screened(client: Browser, ours: Side) -> None:
    added = client_of(ours.organisation, "Nina", intake=False)  # type: ignore[arg-type]
    client.force_login(ours.practitioner)
    data = {"setting": "clinic", "start": today().isoformat(), "zones": ["forehead"], "goals": ["texture"],
            "conditions": [], "submit": "1"}
    for name in ("conditions", "medications", "procedures"):
        data |= {f"{name}-TOTAL_FORMS": "1", f"{name}-INITIAL_FORMS": "0", f"{name}-MIN_NUM_FORMS": "0",
                 f"{name}-MAX_NUM_FORMS": "30", f"{name}-0-id": ""}
    data |= {"conditions-0-id": "pregnancy"}
    response = client.post(f"/clinic/clients/{added.pk}/intake/", data)
    added.refresh_from_db()
    assert response.status_code == 302 and added.verdict == "stop" and added.intake_taken_on == today()


def test_anyone_can_start_a_clinic_and_is_its_admin(client: Browser) -> None:
    owner = person("owner")
    client.force_login(owner)
    assert "Start a clinic" in client.get("/clinic/").content.decode()
    client.post("/clinic/new/", {"name": "Skin Studio"})
    organisation = Organisation.objects.get(name="Skin Studio")
    assert Membership.objects.get(organisation=organisation).role == "admin"


def test_the_admin_removes_members_but_keeps_one_admin(client: Browser, ours: Side) -> None:
    client.force_login(ours.admin)
    newcomer = Membership.objects.create(user=person("newcomer"), organisation=ours.organisation, role="front_desk")
    client.post(f"/clinic/members/{newcomer.pk}/remove/")
    assert not Membership.objects.filter(pk=newcomer.pk).exists()
    only_admin = Membership.objects.get(user=ours.admin)
    response = client.post(f"/clinic/members/{only_admin.pk}/remove/", follow=True)
    assert "keeps at least one admin" in response.content.decode()
    assert Membership.objects.filter(pk=only_admin.pk).exists()


def test_the_admin_publishes_the_next_consent_version(client: Browser, ours: Side) -> None:
    client.force_login(ours.admin)
    client.post(f"/clinic/org/{ours.organisation.pk}/consent-texts/", {"procedure": "microneedling", "text": "v2"})
    client.post(f"/clinic/org/{ours.organisation.pk}/consent-texts/", {"procedure": "mesotherapy", "text": "m1"})
    assert list(ConsentText.objects.filter(organisation=ours.organisation).values_list("procedure", "version")) == [
        ("mesotherapy", 1), ("microneedling", 2), ("microneedling", 1)]


def test_a_location_name_is_not_taken_twice(client: Browser, ours: Side) -> None:
    client.force_login(ours.admin)
    response = client.post(f"/clinic/org/{ours.organisation.pk}/locations/", {"name": "Street a"})
    html = response.content.decode()
    assert response.status_code == 200 and "already has a location of this name" in html


def test_a_client_links_her_account_with_the_code_once(client: Browser, ours: Side) -> None:
    code = ours.client.link_code
    ana = person("ana")
    client.force_login(ana)
    response = client.post("/clinic/me/link/", {"code": code.lower()[:5] + " " + code.lower()[5:]})
    ours.client.refresh_from_db()
    assert response["Location"] == "/clinic/me/" and ours.client.user == ana and ours.client.link_code != code
    client.force_login(person("mallory"))
    assert "This code is not valid" in client.post("/clinic/me/link/", {"code": code}).content.decode()


def test_the_clinic_sees_the_linked_clients_home_sessions_on_one_timeline(
        client: Browser, ours: Side, ana: User) -> None:
    session(ana, date=today() - timedelta(days=3), zones=["neck"])
    client.force_login(ours.practitioner)
    timeline = client.get(f"/clinic/clients/{ours.client.pk}/").content.decode().split('id="timeline"')[1]
    assert "Home session" in timeline and "Neck" in timeline and "Clinic session" in timeline


def test_a_client_without_a_clinic_role_gets_her_own_page(client: Browser, ours: Side, ana: User) -> None:
    client.force_login(ana)
    response = client.get("/clinic/")
    assert response.status_code == 302 and response["Location"] == "/clinic/me/"
    html = client.get("/clinic/me/").content.decode()
    assert "Clinic a" in html and "signed notes" not in html


def test_a_new_clients_intake_starts_as_a_clinic_intake_today(client: Browser, ours: Side) -> None:
    added = client_of(ours.organisation, "Nina", intake=False)  # type: ignore[arg-type]
    client.force_login(ours.practitioner)
    html = client.get(f"/clinic/clients/{added.pk}/intake/").content.decode()
    assert '<input type="radio" name="setting" value="clinic" id="id_setting_1" required checked>' in html
    assert f'<input type="date" name="start" value="{today().isoformat()}"' in html


def test_the_clients_own_pages_offer_no_staff_links(client: Browser, ours: Side, ana: User) -> None:
    client.force_login(ana)
    for url in (f"/clinic/me/{ours.client.pk}/consent/microneedling/", "/clinic/me/link/"):
        nav = client.get(url).content.decode().split('class="clinic-nav"')[1].split("</nav>")[0]
        assert "/clinic/me/" in nav and "/clinic/clients/" not in nav


def test_wrong_link_codes_lock_the_account_out_for_a_while(client: Browser, ours: Side) -> None:
    """Five wrong codes: even the right one is refused for now, and the record stays unlinked."""
    client.force_login(person("guesser"))
    for n in range(5):
        page = client.post("/clinic/me/link/", {"code": f"WRONGCODE{n}"}).content.decode()
    assert "Too many wrong codes. Try again in 15 minutes." in page
    refused = client.post("/clinic/me/link/", {"code": ours.client.link_code}).content.decode()
    assert "Too many wrong codes" in refused
    ours.client.refresh_from_db()
    assert ours.client.user is None
    client.force_login(person("ana"))  # another account is not locked out by the first one's guesses
    assert client.post("/clinic/me/link/", {"code": ours.client.link_code})["Location"] == "/clinic/me/"
