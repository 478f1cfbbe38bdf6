"""The bulk re-screen: clients whose answer changed are marked for the dashboard, the rest only get the new versions."""

from __future__ import annotations

import importlib
import json

import pytest
from clinic_builders import client_of, clinic_intake
from clinic_world import Side
from django.apps import apps as django_apps
from django.test import Client as Browser
from typer.testing import CliRunner

from mesoplan.cli import app
from mesoplan.web.clinic.models import Client, PlannedEvent
from mesoplan.web.clinic.rescreen import rescreen_all

pytestmark = pytest.mark.django_db


def _as_if_screened_by_older_knowledge(row: Client, verdict: str = "go") -> None:
    Client.objects.filter(pk=row.pk).update(verdict=verdict, reasons_digest="older", plan_digest="older",
                                            knowledge_version="older-kb")


def test_nothing_changes_when_the_knowledge_did_not(ours: Side) -> None:
    report = rescreen_all()
    assert report.checked == 1 and report.changed_client_ids == () and report.failures == ()


def test_a_client_whose_answer_differs_is_marked_changed_with_the_verdict_before(ours: Side) -> None:
    stopped = client_of(ours.organisation, "Pat", intake=clinic_intake(conditions=["pregnancy"]))
    _as_if_screened_by_older_knowledge(stopped, verdict="go")
    report = rescreen_all(ours.organisation)
    stopped.refresh_from_db()
    assert report.changed_client_ids == (stopped.pk,)
    assert (stopped.previous_verdict, stopped.verdict) == ("go", "stop") and stopped.changed_at is not None
    assert stopped.knowledge_version != "older-kb" and stopped.reasons_digest != "older"


def test_a_changed_plan_is_stored_again(ours: Side) -> None:
    PlannedEvent.objects.filter(client=ours.client).delete()
    _as_if_screened_by_older_knowledge(ours.client)
    rescreen_all()
    assert PlannedEvent.objects.filter(client=ours.client, kind="session").exists()


def test_only_a_new_knowledge_version_is_no_change(ours: Side) -> None:
    Client.objects.filter(pk=ours.client.pk).update(knowledge_version="older-kb")
    report = rescreen_all()
    ours.client.refresh_from_db()
    assert report.changed == 0 and ours.client.changed_at is None and ours.client.knowledge_version != "older-kb"


def test_one_clinic_is_rescreened_without_touching_another(ours: Side, theirs: Side) -> None:
    _as_if_screened_by_older_knowledge(theirs.client)
    assert rescreen_all(ours.organisation).changed == 0
    theirs.client.refresh_from_db()
    assert theirs.client.reasons_digest == "older"


def test_an_intake_that_no_longer_reads_is_reported_and_left_alone(ours: Side) -> None:
    broken = client_of(ours.organisation, "Old", intake=False)  # type: ignore[arg-type]
    Client.objects.filter(pk=broken.pk).update(intake={"setting": "clinic", "start": "2026-01-01", "zones": ["cheeks"],
                                                       "conditions": ["a_condition_since_renamed"]})
    report = rescreen_all()
    assert [(c, f) for c, f, _ in report.failures] == [(broken.pk, "conditions[0].id")]


def test_the_command_line_prints_the_report_as_json(ours: Side) -> None:
    _as_if_screened_by_older_knowledge(ours.client)
    result = CliRunner().invoke(app, ["rescreen", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["changed_client_ids"] == [ours.client.pk]


def test_the_command_line_refuses_an_unknown_clinic_with_one_line(ours: Side) -> None:
    result = CliRunner().invoke(app, ["rescreen", "--clinic", "999999"])
    assert result.exit_code == 2 and "--clinic: no clinic has the id 999999" in result.stderr



def plan_section(page: str) -> str:
    return page.split('id="plan"')[1].split("</section>")[0]


def test_only_the_needling_days_of_a_plan_are_stored(ours: Side) -> None:
    """The dashboard and the record read the sessions; the rest of a plan is made again when shown."""
    kinds = set(PlannedEvent.objects.filter(client=ours.client).values_list("kind", flat=True))
    assert kinds and kinds <= {"session", "maintenance"}


def test_the_client_page_shows_the_whole_plan_made_again(client: Browser, ours: Side) -> None:
    client.force_login(ours.practitioner)
    plan = plan_section(client.get(f"/clinic/clients/{ours.client.pk}/").content.decode())
    assert 'class="prep"' in plan and 'class="session"' in plan
    assert "Get ready for the session" in plan


def test_without_a_readable_intake_the_page_shows_the_stored_sessions(client: Browser, ours: Side) -> None:
    Client.objects.filter(pk=ours.client.pk).update(intake={"setting": "clinic", "zones": ["no_such_zone"]})
    client.force_login(ours.practitioner)
    plan = plan_section(client.get(f"/clinic/clients/{ours.client.pk}/").content.decode())
    assert 'class="session"' in plan and 'class="prep"' not in plan


def test_the_migration_keeps_the_needling_days_of_plans_stored_before(ours: Side) -> None:
    keep = importlib.import_module("mesoplan.web.clinic.migrations.0004_planned_needling_days_only")
    PlannedEvent.objects.create(client=ours.client, position=50, date=ours.client.intake_taken_on, kind="prep",
                                title="Get ready for the session", zones=[])
    sessions = PlannedEvent.objects.filter(client=ours.client, kind__in=("session", "maintenance")).count()
    keep.keep_needling_days(django_apps, None)
    assert PlannedEvent.objects.filter(client=ours.client).count() == sessions > 0
