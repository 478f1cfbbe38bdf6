"""The client's own intake before the visit: the front desk makes a signed link, the client fills the
self-check's form from it without an account and in their language, a practitioner sees what changed against
the intake on file and accepts it (screened, planned, audited) or sets it aside. The link works once; an
expired, used or damaged one gets a clear page, never a 500."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from clinic_builders import client_of, clinic_intake
from clinic_world import Side
from django.test import Client as Browser
from django.utils import timezone
from web_builders import intake_post

from mesoplan.web.clinic.models import AuditEvent, Client, PreVisitIntake

pytestmark = pytest.mark.django_db


def _logged_in(user: Any) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def _link(side: Side, row: Client) -> str:
    """The front desk makes a link on the client's page; the path shown there to copy."""
    desk = _logged_in(side.front_desk)
    assert desk.post(f"/clinic/clients/{row.pk}/previsit/").status_code == 302
    page = desk.get(f"/clinic/clients/{row.pk}/").content.decode()
    found = re.search(r'value="http://testserver(/clinic/intake/[^"]+/)"', page)
    assert found, "the link is shown on the client's page"
    return found.group(1)


def _camille(side: Side, **fields: Any) -> Client:
    return client_of(side.organisation, "Camille Martin", by=side.practitioner,
                     **{"email": "camille@example.org", "language": "fr", **fields})


def test_the_client_fills_the_intake_from_the_link_in_her_language_and_the_practitioner_accepts_it(
        ours: Side) -> None:
    row = _camille(ours, intake=clinic_intake(zones=["cheeks"]))
    path = _link(ours, row)
    visitor = Browser()
    form = visitor.get(path)
    assert form.status_code == 200
    assert 'lang="fr"' in form.content.decode() and "Avant votre visite" in form.content.decode()
    sent = visitor.post(path, intake_post(setting="clinic", zones=["forehead", "cheeks"], pregnant="on",
                                          **{"age": "34"}))
    assert sent.status_code == 200 and "Merci" in sent.content.decode()
    row.refresh_from_db()
    assert row.intake["zones"] == ["cheeks"]  # nothing changes on file before a practitioner accepts it

    practitioner = _logged_in(ours.practitioner)
    page = practitioner.get(f"/clinic/clients/{row.pk}/").content.decode()
    review = page.split('id="previsit-review"')[1].split("</form>")[0]
    assert "to review" in review and "Forehead" in review and "I am pregnant" in review
    waiting = PreVisitIntake.objects.get(client=row)
    response = practitioner.post(f"/clinic/previsit/{waiting.pk}/review/", {"decision": "accept"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert set(row.intake["zones"]) == {"forehead", "cheeks"} and row.intake["setting"] == "clinic"
    assert row.intake["person"]["pregnant"] is True and row.screened_at is not None
    assert 'id="previsit-review"' not in practitioner.get(f"/clinic/clients/{row.pk}/").content.decode()
    details = set(AuditEvent.objects.filter(client=row).values_list("detail", flat=True))
    assert {"link for the client's own intake", "the client's own intake, to review",
            "the client's own intake: accepted", "intake"} <= details

    again = visitor.get(path)
    assert again.status_code == 410 and "déjà été utilisé" in again.content.decode()


def test_a_client_without_an_intake_on_file_finds_her_age_and_sex_filled_in(ours: Side) -> None:
    born = timezone.localdate().replace(year=timezone.localdate().year - 40) - timedelta(days=1)
    row = _camille(ours, intake=False, birth_date=born, sex="female")
    page = Browser().get(_link(ours, row)).content.decode()
    assert re.search(r'name="age" value="40"', page)
    assert re.search(r'<option value="female" selected>', page)


def test_a_mistake_on_the_clients_form_is_listed_at_the_top_and_nothing_is_kept(ours: Side) -> None:
    row = _camille(ours)
    path = _link(ours, row)
    response = Browser().post(path, intake_post(setting="clinic", zones=[]))
    html = response.content.decode()
    assert response.status_code == 200 and 'id="error-summary"' in html and "réponse à corriger" in html
    assert not PreVisitIntake.objects.filter(client=row, submitted_at__isnull=False).exists()
    assert Browser().get(path).status_code == 200  # the link still works


def test_an_expired_or_damaged_link_says_so_in_a_page_of_its_own(ours: Side) -> None:
    row = _camille(ours, language="ru")
    path = _link(ours, row)
    PreVisitIntake.objects.filter(client=row).update(created_at=timezone.now() - timedelta(days=8))
    expired = Browser().get(path)
    assert expired.status_code == 410 and "истёк" in expired.content.decode()
    assert Browser().post(path, intake_post(setting="clinic")).status_code == 410
    damaged = Browser().get(path[:-6] + "xxxxx/")
    assert damaged.status_code == 404 and "This link is not valid" in damaged.content.decode()
    assert not PreVisitIntake.objects.filter(submitted_at__isnull=False).exists()


def test_a_set_aside_intake_leaves_the_one_on_file(ours: Side) -> None:
    row = _camille(ours, intake=clinic_intake(zones=["cheeks"]))
    Browser().post(_link(ours, row), intake_post(setting="clinic", zones=["forehead"]))
    waiting = PreVisitIntake.objects.get(client=row)
    practitioner = _logged_in(ours.practitioner)
    practitioner.post(f"/clinic/previsit/{waiting.pk}/review/", {"decision": "set_aside"})
    row.refresh_from_db()
    waiting.refresh_from_db()
    assert row.intake["zones"] == ["cheeks"] and waiting.outcome == "set_aside"
    again = practitioner.post(f"/clinic/previsit/{waiting.pk}/review/", {"decision": "accept"}, follow=True)
    assert "reviewed already" in again.content.decode()


def test_the_front_desk_sees_that_an_intake_came_but_not_what_it_says(ours: Side) -> None:
    row = _camille(ours)
    Browser().post(_link(ours, row), intake_post(setting="clinic", pregnant="on"))
    page = _logged_in(ours.front_desk).get(f"/clinic/clients/{row.pk}/").content.decode()
    section = page.split('id="previsit"')[1].split("</section>")[0]
    assert "a practitioner reviews it" in section and "pregnant" not in section.lower()




def test_adding_a_row_on_the_clients_form_keeps_the_link_and_a_second_tab_is_told_it_was_sent(ours: Side) -> None:
    row = _camille(ours)
    path = _link(ours, row)
    first, second = Browser(), Browser()
    added = first.post(path, intake_post(setting="clinic", add="medications"))
    assert added.status_code == 200 and 'name="medications-TOTAL_FORMS" value="2"' in added.content.decode()
    assert not PreVisitIntake.objects.filter(client=row, submitted_at__isnull=False).exists()
    assert second.get(path).status_code == 200  # both tabs open the form
    assert first.post(path, intake_post(setting="clinic")).status_code == 200
    refused = second.post(path, intake_post(setting="clinic"))
    assert refused.status_code == 410 and "déjà été utilisé" in refused.content.decode()
    assert PreVisitIntake.objects.filter(client=row, submitted_at__isnull=False).count() == 1


def test_the_link_opens_the_clients_form_and_no_staff_page(ours: Side, theirs: Side) -> None:
    """The link opens one client's form and nothing else: no staff page, whatever the token says."""
    path = _link(ours, _camille(ours))
    visitor = Browser()
    visitor.get(path)
    assert visitor.get(f"/clinic/clients/{theirs.client.pk}/").status_code == 302  # to log in
    assert visitor.post(f"/clinic/previsit/{PreVisitIntake.objects.get().pk}/review/",
                        {"decision": "accept"}).status_code == 302
    assert not PreVisitIntake.objects.exclude(outcome="").exists()
