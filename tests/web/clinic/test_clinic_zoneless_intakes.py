"""Intakes stored before zones were required still load: marked to review, never dropped (decision 10)."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from clinic_builders import client_of, clinic_intake
from clinic_world import Side
from django.apps import apps as django_apps
from django.test import Client as Browser

from mesoplan.web.clinic.models import Client
from mesoplan.web.clinic.rescreen import rescreen_all

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module("mesoplan.web.clinic.migrations.0006_zoneless_intakes_to_review")


def stored_before_zones_were_required(side: Side, name: str, zones: list[str] | None) -> Client:
    """A client whose intake was stored, and screened `go`, when an intake could name no zone."""
    intake: dict[str, Any] = {k: v for k, v in clinic_intake().items() if k != "zones"}
    if zones is not None:
        intake["zones"] = zones
    row = client_of(side.organisation, name)
    Client.objects.filter(pk=row.pk).update(intake=intake, verdict="go", reasons_digest="old", plan_digest="old")
    row.refresh_from_db()
    return row


@pytest.mark.parametrize("zones", [None, []], ids=["missing", "empty"])
def test_the_migration_keeps_a_zoneless_intake_and_clears_the_go_read_from_it(ours: Side,
                                                                              zones: list[str] | None) -> None:
    old = stored_before_zones_were_required(ours, "Old", zones)
    intake, taken_on = dict(old.intake), old.intake_taken_on
    MIGRATION.mark_zoneless_to_review(django_apps, None)
    old.refresh_from_db()
    assert (old.intake, old.intake_taken_on) == (intake, taken_on)
    assert (old.verdict, old.earliest_start, old.knowledge_version, old.reasons_digest) == ("", None, "", "")


def test_the_migration_leaves_intakes_with_zones_and_intakes_not_taken_alone(ours: Side) -> None:
    not_taken = client_of(ours.organisation, "New", intake=False)  # type: ignore[arg-type]
    before = {c.pk: (c.intake, c.verdict, c.knowledge_version) for c in Client.objects.all()}
    MIGRATION.mark_zoneless_to_review(django_apps, None)
    after = {c.pk: (c.intake, c.verdict, c.knowledge_version) for c in Client.objects.all()}
    assert after == before
    assert after[not_taken.pk][0] == {} and after[ours.client.pk][1] != ""


def test_the_client_page_says_what_to_review_instead_of_failing(ours: Side, client: Browser) -> None:
    old = stored_before_zones_were_required(ours, "Old", [])
    MIGRATION.mark_zoneless_to_review(django_apps, None)
    client.force_login(ours.practitioner)
    page = client.get(f"/clinic/clients/{old.pk}/")
    assert page.status_code == 200
    assert "Areas to treat: choose at least one zone to treat" in page.content.decode()
    listed = client.get("/clinic/clients/")
    assert listed.status_code == 200
    row = listed.content.decode().split(f"/clinic/clients/{old.pk}/", 1)[1].split("</tr>", 1)[0]
    assert "badge" not in row  # no verdict shown: the old `go` was about no zone at all


@pytest.mark.parametrize("page", ["edit/", "intake/", "sessions/new/", "export/", "audit/"])
def test_no_page_of_a_zoneless_client_answers_a_server_error(ours: Side, client: Browser, page: str) -> None:
    old = stored_before_zones_were_required(ours, "Old", None)
    MIGRATION.mark_zoneless_to_review(django_apps, None)
    client.force_login(ours.admin)
    assert client.get(f"/clinic/clients/{old.pk}/{page}").status_code < 500


def test_the_rescreen_reports_a_zoneless_intake_and_keeps_it(ours: Side) -> None:
    old = stored_before_zones_were_required(ours, "Old", [])
    MIGRATION.mark_zoneless_to_review(django_apps, None)
    report = rescreen_all()
    assert [(c, f) for c, f, _ in report.failures] == [(old.pk, "zones")]
    old.refresh_from_db()
    assert old.intake["zones"] == [] and old.verdict == ""
