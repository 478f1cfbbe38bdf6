"""The clinic's products with their lots: received, used (counted from the charted sessions), left and expiry."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from clinic_builders import chart, client_of, today
from clinic_world import Side
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext

from mesoplan.web.clinic.models import AuditEvent, ClinicSession, ProductUse, StockLot

pytestmark = pytest.mark.django_db


def _url(side: Side) -> str:
    return f"/clinic/org/{side.organisation.pk}/products/"


def _receive(browser: Browser, side: Side, **fields: Any) -> Any:
    data = {"product_name": "Hyal 2 %", "ingredient": "hyaluronic_acid", "lot": "LOT", "quantity_received": "10",
            "expiry": (today() + timedelta(days=200)).isoformat(), "received_on": today().isoformat(), **fields}
    return browser.post(_url(side), data)


def _row(html: str, lot: str) -> str:
    return html.split(f">{lot}</a>")[1].split("</tr>")[0]


def test_a_received_lot_shows_what_the_sessions_used_and_what_is_left(client: Browser, ours: Side) -> None:
    client.force_login(ours.practitioner)
    assert _receive(client, ours, lot=" lot ").status_code == 302  # typed as on the box: matched like a recall
    html = client.get(_url(ours)).content.decode()
    cells = _row(html, "lot").split("<td>")
    assert [c.split("<")[0] for c in cells[2:5]] == ["10", "1", "9"]  # received, used (the signed session), left
    assert StockLot.objects.get().added_by == ours.practitioner
    assert AuditEvent.objects.filter(action="create", detail="stock lot lot").exists()


def test_a_lot_used_but_never_received_is_listed_as_not_recorded(client: Browser, ours: Side) -> None:
    client.force_login(ours.admin)
    html = client.get(_url(ours)).content.decode()
    assert "not recorded" in _row(html, "LOT-1")  # the draft's lot, charted without a delivery


def test_expired_and_soon_expiring_lots_are_marked(client: Browser, ours: Side) -> None:
    client.force_login(ours.practitioner)
    _receive(client, ours, lot="OLD", expiry=(today() - timedelta(days=1)).isoformat())
    _receive(client, ours, lot="SOON", expiry=(today() + timedelta(days=10)).isoformat())
    _receive(client, ours, lot="FINE", expiry=(today() + timedelta(days=100)).isoformat())
    html = client.get(_url(ours)).content.decode()
    assert "expired" in _row(html, "OLD") and "expires soon" in _row(html, "SOON")
    assert "expire" not in _row(html, "FINE")


def test_more_used_than_received_is_said(client: Browser, ours: Side) -> None:
    client.force_login(ours.practitioner)
    _receive(client, ours, lot="LOT-1", quantity_received="1")
    chart(client_of(ours.organisation, "Bea"), ours.practitioner, lot="lot-1")
    assert "more used than received" in _row(client.get(_url(ours)).content.decode(), "LOT-1")


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"quantity_received": "0"}, "quantity_received", "Ensure this value is greater than or equal to 1."),
    ({"lot": ""}, "lot", "This field is required."),
    ({"received_on": (today() + timedelta(days=3)).isoformat()}, "received_on", "This date is in the future."),
    ({"ingredient": "moon_dust"}, "ingredient", "Select a valid choice."),
])
def test_a_wrong_delivery_is_named_by_its_field_and_nothing_is_stored(
        client: Browser, ours: Side, fields: dict[str, str], field: str, message: str) -> None:
    client.force_login(ours.practitioner)
    response = _receive(client, ours, **fields)
    assert response.status_code == 200
    assert message in response.content.decode().split(f'id="field-{field}"')[1].split("</div>")[0]
    assert not StockLot.objects.exists()


def test_the_front_desk_cannot_see_the_stock_and_another_clinic_finds_nothing(
        client: Browser, ours: Side, theirs: Side) -> None:
    client.force_login(ours.front_desk)
    assert client.get(_url(ours)).status_code == 403
    assert _receive(client, ours).status_code == 403
    client.force_login(theirs.admin)
    assert client.get(_url(ours)).status_code == 404
    client.force_login(ours.admin)
    assert "THEIRS-" not in client.get(_url(ours)).content.decode()


def _queries(browser: Browser, side: Side) -> int:
    with CaptureQueriesContext(connection) as done:
        assert browser.get(_url(side)).status_code == 200
    return len(done.captured_queries)


def test_the_list_costs_the_same_queries_for_many_lots(client: Browser, ours: Side) -> None:
    client.force_login(ours.practitioner)
    _receive(client, ours)
    few = _queries(client, ours)
    for n in range(30):
        StockLot.objects.create(organisation=ours.organisation, product_name="P", ingredient="hyaluronic_acid",
                                lot=f"L{n}", quantity_received=5, received_on=today())
        session = ClinicSession.objects.create(client=ours.client, date=today() - timedelta(days=n))
        ProductUse.objects.create(session=session, position=0, ingredient="hyaluronic_acid", lot=f"l{n}")
    assert _queries(client, ours) == few
