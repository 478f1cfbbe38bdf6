"""A lot recall: the practitioner types the lot of a supplier's notice and finds every client of the
clinic who received it, with dates and practitioners, on the page and as a CSV; each look is audited."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from clinic_builders import chart, client_of, signed_session, today
from clinic_world import Side
from django.test import Client as Browser

from mesoplan.web.clinic.models import AuditEvent

pytestmark = pytest.mark.django_db

RECALLED = "HA2311-B"


@pytest.fixture
def three_clients_of_the_lot(ours: Side) -> list[str]:
    """The lot on two signed sessions and one draft of three clients; another lot on a fourth."""
    names = ["Claire Martin", "Олег Смирнов", "=HYPERLINK(1)"]
    for n, name in enumerate(names):
        row = client_of(ours.organisation, name, by=ours.practitioner, email=f"c{n}@example.org", phone=f"+33 6 {n}")
        day = today() - timedelta(days=10 + n)
        if n < 2:
            signed_session(row, ours.practitioner, day=day, lot=RECALLED)
        else:
            chart(row, ours.practitioner, day=day, lot=RECALLED)
    signed_session(client_of(ours.organisation, "Paul Other", by=ours.practitioner), ours.practitioner, lot="HA2312-A")
    return names


def _recall(browser: Browser, side: Side, lot: str, **extra: str) -> Browser:
    return browser.get(f"/clinic/org/{side.organisation.pk}/recall/", {"lot": lot, **extra})


def test_the_recall_finds_every_client_of_the_lot_typed_as_in_a_notice(
        client: Browser, ours: Side, three_clients_of_the_lot: list[str]) -> None:
    client.force_login(ours.practitioner)
    html = _recall(client, ours, " ha2311-b ").content.decode()
    table = html[html.index('id="recall"'):html.index("</table>")]
    assert all(name in table for name in ("Claire Martin", "Олег Смирнов", "=HYPERLINK(1)"))
    summary = html[html.index('id="recall-summary"'):html.index('id="recall"')]
    assert "Paul Other" not in table and "Lot ha2311-b was used on 3 clients." in summary, summary
    assert "Dora Lee" in table  # who needled them
    assert "not signed" in table  # the draft is there too, and says so


def test_the_csv_lists_the_uses_and_keeps_a_name_from_running_as_a_formula(
        client: Browser, ours: Side, three_clients_of_the_lot: list[str]) -> None:
    client.force_login(ours.practitioner)
    response = _recall(client, ours, RECALLED, format="csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="recall-HA2311-B.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Lot", "Product"] and len(rows) == 4
    clients_column = [row[6] for row in rows[1:]]
    assert sorted(clients_column) == sorted(["Claire Martin", "Олег Смирнов", "'=HYPERLINK(1)"])
    assert {row[0] for row in rows[1:]} == {RECALLED}


def test_each_client_found_is_audited_as_viewed_or_exported(
        client: Browser, ours: Side, three_clients_of_the_lot: list[str]) -> None:
    client.force_login(ours.practitioner)
    _recall(client, ours, RECALLED)
    _recall(client, ours, RECALLED, format="csv")
    events = AuditEvent.objects.filter(detail__startswith="lot recall HA2311-B")
    assert sorted(e.action for e in events) == ["export"] * 3 + ["view"] * 3
    assert {e.client.name for e in events} == set(three_clients_of_the_lot)


def test_another_clinics_use_of_a_lot_is_never_found(client: Browser, ours: Side, theirs: Side) -> None:
    client.force_login(ours.practitioner)
    html = _recall(client, ours, "THEIRS-LOT").content.decode()
    assert "THEIRS-" not in html.replace("THEIRS-LOT", "") and "No session of this clinic used lot" in html
    assert not AuditEvent.objects.filter(detail__startswith="lot recall").exists()


def test_the_front_desk_cannot_run_a_recall_and_the_dashboard_links_it_for_clinicians(
        client: Browser, ours: Side) -> None:
    client.force_login(ours.front_desk)
    assert _recall(client, ours, RECALLED).status_code == 403
    assert f"/clinic/org/{ours.organisation.pk}/recall/" not in client.get("/clinic/").content.decode()
    client.force_login(ours.practitioner)
    assert f"/clinic/org/{ours.organisation.pk}/recall/" in client.get("/clinic/").content.decode()


def test_an_empty_or_overlong_lot_is_answered_on_the_page(client: Browser, ours: Side) -> None:
    client.force_login(ours.practitioner)
    assert _recall(client, ours, "").status_code == 200
    response = _recall(client, ours, "X" * 5000, format="csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "A lot number has at most 60 characters." in response.content.decode()
