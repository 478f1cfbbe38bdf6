"""The bulk re-screen: clients whose answer changed are marked for the dashboard, the rest only get the new versions."""

from __future__ import annotations

import json

import pytest
from clinic_builders import client_of, clinic_intake
from clinic_world import Side
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
    Client.objects.filter(pk=broken.pk).update(intake={"setting": "clinic", "start": "2026-01-01",
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

