"""The clinic policy page: an admin sets the clinic's wash-outs and needle limits within the knowledge
base's bounds, previews whom a change reaches, and saves it, which screens the clients again."""

from __future__ import annotations

from datetime import timedelta
from html import unescape
from typing import Any

import pytest
from clinic_builders import client_of, clinic_intake, today
from clinic_world import Side
from django.test import Client as Browser

from mesoplan import services
from mesoplan.web.clinic import policy_page
from mesoplan.web.clinic.models import AuditEvent, Client, ClinicPolicy

pytestmark = pytest.mark.django_db


def page_url(side: Side) -> str:
    return f"/clinic/org/{side.organisation.pk}/policy/"


def the_form(button: str = "save", **changes: Any) -> dict[str, Any]:
    """Every field as shipped, with `changes` (field name → value) laid over it, sent with `button`."""
    kb = services.knowledge()
    data: dict[str, Any] = {button: "1"}
    for w in policy_page.washout_items(kb, kb):
        data[w.field], data[f"{w.field}_unit"] = w.shipped.amount, w.shipped.unit
    for n in policy_page.needle_items(kb, kb):
        data[n.field] = f"{n.shipped_mm:g}"
    for i in policy_page.spacing_items(kb, kb):
        data[i.field] = i.shipped_days
    return {**data, **changes}


def field_html(html: str, field: str) -> str:
    """The card of one field on the page, errors included."""
    return unescape(html.split(f'id="field-{field}"', 1)[1].split('<div class="card', 1)[0])


def stopped_isotretinoin_seven_months_ago() -> dict[str, Any]:
    return clinic_intake(medications=[{"id": "isotretinoin", "stopped": (today() - timedelta(days=213)).isoformat()}])


def test_the_page_shows_each_limit_with_its_shipped_value_range_and_sources(client: Browser, ours: Side) -> None:
    client.force_login(ours.admin)
    html = client.get(page_url(ours)).content.decode()
    isotretinoin = field_html(html, "w_isotretinoin_washout")
    assert "Shipped: 6 months. Allowed: 3 months to 12 months." in isotretinoin
    assert ">R10<" in isotretinoin and ">G1<" in isotretinoin
    aspirin = field_html(html, "w_aspirin_pause")  # no range of its own: policy.yaml's defaults and sources
    assert "Allowed: 7 days to 28 days." in aspirin and ">D5<" in aspirin
    forehead = field_html(html, "n_forehead_clinic")
    assert "Shipped: 1 mm. Allowed: above 0 up to 1 mm." in forehead and ">T1<" in forehead
    assert 'id="field-w_pregnancy_wait"' not in html  # a wait of 0 days, with nothing to choose


def test_the_settings_page_and_the_dashboard_link_to_the_policy_page(client: Browser, ours: Side) -> None:
    client.force_login(ours.admin)
    assert page_url(ours) in client.get(f"/clinic/org/{ours.organisation.pk}/").content.decode()
    assert page_url(ours) in client.get("/clinic/").content.decode()


@pytest.mark.usefixtures("immediate_tasks")  # the queued re-screen runs at once
def test_an_admin_lengthens_the_isotretinoin_wait_and_the_clients_verdict_follows(
        client: Browser, ours: Side) -> None:
    """Last dose 7 months ago: go under the shipped 6 months, wait under the clinic's 9 months."""
    row = client_of(ours.organisation, "Iso Tretinoin", intake=stopped_isotretinoin_seven_months_ago())
    client.force_login(ours.admin)
    assert 'class="badge go"' in client.get(f"/clinic/clients/{row.pk}/").content.decode()
    response = client.post(page_url(ours), the_form(w_isotretinoin_washout=9), follow=True)
    html = response.content.decode()
    assert "Policy saved. It reaches 1 of 2 clients." in html and "Re-screen queued" in html
    row.refresh_from_db()
    assert row.verdict == "postpone"
    assert 'class="badge postpone"' in client.get(f"/clinic/clients/{row.pk}/").content.decode()
    policy = ClinicPolicy.objects.get(organisation=ours.organisation)
    assert policy.data == {"washouts": {"isotretinoin_washout": {"amount": 9, "unit": "months"}}}
    details = list(AuditEvent.objects.filter(organisation=ours.organisation).values_list("detail", flat=True))
    assert any("isotretinoin_washout 9 months" in d for d in details)
    assert any(d.startswith("re-screen") and d.endswith("queued") for d in details)
    assert field_html(html, "w_isotretinoin_washout").count('value="9"') == 1  # the form now shows the policy


def test_a_wait_outside_the_bounds_is_refused_by_its_field_and_nothing_is_saved(client: Browser, ours: Side) -> None:
    client.force_login(ours.admin)
    response = client.post(page_url(ours), the_form(w_isotretinoin_washout=2))
    assert response.status_code == 200
    card = field_html(response.content.decode(), "w_isotretinoin_washout")
    assert "choose from 3 months to 12 months, the range the knowledge base allows (you entered 2 months)" in card
    assert not ClinicPolicy.objects.exists()
    assert not AuditEvent.objects.filter(organisation=ours.organisation, detail__startswith="policy").exists()


@pytest.mark.parametrize(("value", "message"), [
    ("-1", "Give the wait as a whole number of at least 0."),
    ("six", "Give the wait as a whole number."),
    ("", "Give the wait as a whole number."),
])
def test_a_wait_that_is_not_a_whole_number_is_refused_by_its_field(
        client: Browser, ours: Side, value: str, message: str) -> None:
    client.force_login(ours.admin)
    response = client.post(page_url(ours), the_form(w_aspirin_pause=value))
    assert message in field_html(response.content.decode(), "w_aspirin_pause")
    assert not ClinicPolicy.objects.exists()


def test_a_wait_in_other_units_outside_the_bounds_is_refused_too(client: Browser, ours: Side) -> None:
    """13 weeks is shorter than 3 months after some dates (91 against 92 days)."""
    client.force_login(ours.admin)
    response = client.post(page_url(ours), the_form(w_isotretinoin_washout=13, w_isotretinoin_washout_unit="weeks"))
    assert "you entered 13 weeks" in field_html(response.content.decode(), "w_isotretinoin_washout")
    assert not ClinicPolicy.objects.exists()


@pytest.mark.parametrize(("value", "message"), [
    ("1.5", "at most 1 mm, the knowledge base's limit. A clinic may lower it, not raise it."),
    ("0", "Give a needle length above 0 mm."),
    ("thin", "Give a needle length in mm, such as 0.5."),
    ("0.125", "Give the length to a hundredth of a mm, such as 0.25."),
])
def test_a_needle_limit_above_the_zones_or_not_a_length_is_refused_by_its_field(
        client: Browser, ours: Side, value: str, message: str) -> None:
    client.force_login(ours.admin)
    response = client.post(page_url(ours), the_form(n_forehead_clinic=value))
    assert message in field_html(response.content.decode(), "n_forehead_clinic")
    assert not ClinicPolicy.objects.exists()


def test_the_preview_counts_the_clients_the_change_reaches_and_saves_nothing(client: Browser, ours: Side) -> None:
    """Of three clients with an intake, one took isotretinoin: a new isotretinoin wait reaches her alone;
    a lower cheek limit reaches the two treated on the cheeks, not the one treated on the forehead only."""
    client_of(ours.organisation, "Iso", intake=stopped_isotretinoin_seven_months_ago())
    client_of(ours.organisation, "Forehead only", intake=clinic_intake(zones=["forehead"]))
    client_of(ours.organisation, "No intake yet", intake=False)
    client.force_login(ours.admin)
    html = client.post(page_url(ours), the_form("preview", w_isotretinoin_washout=4)).content.decode()
    assert "This change reaches 1 of 3 clients." in html
    html = client.post(page_url(ours), the_form("preview", n_cheeks_clinic="0.5")).content.decode()
    assert "This change reaches 2 of 3 clients." in html
    assert not ClinicPolicy.objects.exists()


def test_saving_the_policy_in_force_again_changes_nothing(client: Browser, ours: Side) -> None:
    client.force_login(ours.admin)
    client.post(page_url(ours), the_form(w_isotretinoin_washout=9))
    html = client.post(page_url(ours), the_form(w_isotretinoin_washout=9), follow=True).content.decode()
    assert "Nothing changed: this is the policy in force." in html
    assert ClinicPolicy.objects.count() == 1


def test_only_the_clinics_admins_reach_the_page(client: Browser, ours: Side, theirs: Side) -> None:
    for user in (ours.practitioner, ours.front_desk):
        client.force_login(user)
        assert client.get(page_url(ours)).status_code == 403
        assert client.post(page_url(ours), the_form(w_isotretinoin_washout=9)).status_code == 403
    client.force_login(theirs.admin)
    assert client.get(page_url(ours)).status_code == 404
    client.logout()
    assert client.get(page_url(ours)).status_code == 302
    assert not ClinicPolicy.objects.exists()
    assert Client.objects.get(pk=ours.client.pk).policy_version == ""
