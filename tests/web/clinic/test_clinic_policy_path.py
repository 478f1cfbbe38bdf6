"""A client's own path (intake saved, page, charting advice) screens with the clinic's policy in force,
as the bulk re-screen does, so that a re-screen finds nothing new for a client just taken in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from clinic_builders import client_of, clinic_intake, today
from clinic_world import Side
from django.test import Client as Browser

from mesoplan.web.clinic import policies
from mesoplan.web.clinic.rescreen import rescreen_all

pytestmark = pytest.mark.django_db

NINE_MONTHS = {"washouts": {"isotretinoin_washout": {"amount": 9, "unit": "months"}}}
CHEEKS_HALF_MM = {"needle_max": {"cheeks": {"clinic": 0.5}}}


def _stopped_seven_months_ago() -> dict[str, object]:
    return clinic_intake(medications=[{"id": "isotretinoin", "stopped": (today() - timedelta(days=213)).isoformat()}])


def test_an_intake_saved_under_a_policy_is_screened_with_it(ours: Side) -> None:
    before = client_of(ours.organisation, "Before", intake=_stopped_seven_months_ago())
    policies.set_policy(ours.organisation, NINE_MONTHS, ours.admin)
    after = client_of(ours.organisation, "After", intake=_stopped_seven_months_ago())
    version = policies.versions_in_force([ours.organisation.pk])[ours.organisation.pk]
    assert (before.verdict, before.policy_version) != ("postpone", version)
    assert (after.verdict, after.policy_version) == ("postpone", version)
    assert after.pk not in rescreen_all(ours.organisation).changed_client_ids


def test_the_charting_advice_follows_the_clinics_needle_limit(client: Browser, ours: Side) -> None:
    policies.set_policy(ours.organisation, CHEEKS_HALF_MM, ours.admin)
    row = client_of(ours.organisation, "Lim", intake=clinic_intake(zones=["cheeks"], goals=["acne_scars"]))
    client.force_login(ours.practitioner)
    html = client.post(f"/clinic/clients/{row.pk}/sessions/new/", {"zones": ["cheeks"], "refresh": "1",
                                                                    "products-TOTAL_FORMS": "0",
                                                                    "products-INITIAL_FORMS": "0"}).content.decode()
    assert "up to 0.5 mm" in html.split('id="row-cheeks"')[1]
    page = client.get(f"/clinic/clients/{row.pk}/").content.decode()
    assert "up to 0.5;" in page
