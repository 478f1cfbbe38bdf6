"""The re-screen job's use case: a run per request, its before → after rows, the audit, and a run that
stopped half-way ending as one that never did. The job runs at once here (`immediate_tasks`) or is
performed in this process; test_clinic_rescreen_worker runs it in a real worker process."""

from __future__ import annotations

import json
from typing import Any

import pytest
from clinic_world import Side, build_side
from django.test import Client as Browser
from django_tasks_db.models import DBTaskResult
from rescreen_cases import (
    NINE_MONTHS,
    StopsAfterFirstBatch,
    change_rows,
    clients_then_nine_months,
    final_state,
    stopped_half_way,
    waiting_client,
)
from typer.testing import CliRunner

from mesoplan.cli import app
from mesoplan.web.clinic import policies, rescreen, rescreen_jobs
from mesoplan.web.clinic.models import AuditEvent, Client, RescreenChange, RescreenRun
from mesoplan.web.front.display import long_date

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("immediate_tasks")
def test_a_longer_washout_shows_the_moved_date_and_the_reason_replaced(client: Browser, ours: Side) -> None:
    rosa = waiting_client(ours.organisation)
    policies.set_policy(ours.organisation, NINE_MONTHS, ours.admin)
    client.force_login(ours.admin)
    client.post(f"/clinic/org/{ours.organisation.pk}/rescreen/")
    change = RescreenChange.objects.get(client=rosa)
    assert (change.verdict_before, change.verdict_after) == ("postpone", "postpone")
    assert change.earliest_start_before is not None and change.earliest_start_after is not None
    assert change.earliest_start_after > change.earliest_start_before
    page = client.get("/clinic/").content.decode().split('id="rescreens"')[1].split("</section>")[0]
    row = page.split("Rosa Wait")[1].split("</tr>")[0]
    assert f"{long_date(change.earliest_start_before)} → {long_date(change.earliest_start_after)}" in row
    added = row.split('class="reason-added"')[1].split("</p>")[0]
    removed = row.split('class="reason-removed"')[1].split("</p>")[0]
    assert f"until {long_date(change.earliest_start_after)}" in added and "wait 9 months" in added
    assert f"until {long_date(change.earliest_start_before)}" in removed and "wait 6 months" in removed
    assert 'data-status="done"' in page and "clients checked: 1 changed" in page
    listed = client.get("/clinic/").content.decode().split('id="changed"')[1].split("</section>")[0]
    assert f"{long_date(change.earliest_start_before)} → {long_date(change.earliest_start_after)}" in listed


@pytest.mark.usefixtures("immediate_tasks")
def test_each_rescreen_is_in_the_audit_trail_with_who_asked_and_what_it_found(client: Browser, ours: Side) -> None:
    waiting_client(ours.organisation)
    policies.set_policy(ours.organisation, NINE_MONTHS, ours.admin)
    client.force_login(ours.admin)
    client.post(f"/clinic/org/{ours.organisation.pk}/rescreen/")
    run = RescreenRun.objects.get(organisation=ours.organisation)
    events = list(AuditEvent.objects.filter(organisation=ours.organisation, action="rescreen").order_by("id"))
    assert [(e.user_name, e.detail) for e in events] == [
        ("a_admin", f"re-screen {run.pk} queued"),
        ("a_admin", f"re-screen {run.pk} done: 2 clients checked, 1 changed, 0 unreadable")]


def test_a_request_while_a_run_waits_for_the_worker_is_the_same_run(ours: Side) -> None:
    first = rescreen_jobs.queue_rescreen(ours.organisation, ours.admin)
    second = rescreen_jobs.queue_rescreen(ours.organisation, ours.practitioner)
    assert first.pk == second.pk and first.status == "queued" and first.task_id
    assert RescreenRun.objects.filter(organisation=ours.organisation).count() == 1


def test_the_dashboard_shows_a_waiting_run_and_asks_again_for_its_progress(client: Browser, ours: Side) -> None:
    client.force_login(ours.admin)
    client.post(f"/clinic/org/{ours.organisation.pk}/rescreen/")
    page = client.get("/clinic/").content.decode()
    status_url = f"/clinic/org/{ours.organisation.pk}/rescreen/status/"
    assert 'data-status="queued"' in page and f'hx-get="{status_url}"' in page
    assert "waiting for the worker" in client.get(status_url).content.decode()


@pytest.mark.usefixtures("immediate_tasks")
def test_the_progress_asked_for_by_the_page_reloads_it_once_the_run_is_done(client: Browser, ours: Side) -> None:
    client.force_login(ours.admin)
    client.post(f"/clinic/org/{ours.organisation.pk}/rescreen/")
    answer = client.get(f"/clinic/org/{ours.organisation.pk}/rescreen/status/", headers={"HX-Request": "true"})
    assert answer["HX-Refresh"] == "true" and 'data-status="done"' in answer.content.decode()


def test_a_run_stopped_half_way_is_picked_up_and_ends_as_one_that_never_stopped(
        monkeypatch: pytest.MonkeyPatch, settings: Any, ours: Side) -> None:
    theirs = build_side("b", "THEIRS-")
    stopped = stopped_half_way(monkeypatch, ours, theirs)
    monkeypatch.undo()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert [r.pk for r in rescreen_jobs.resume_interrupted()] == [stopped.pk]  # the next worker's start
    stopped.refresh_from_db()
    assert (stopped.status, stopped.attempts, stopped.written) == ("done", 2, stopped.to_write)
    assert stopped.changed == RescreenChange.objects.filter(run=stopped).count() > 3
    assert final_state(ours.organisation) == final_state(theirs.organisation)
    assert change_rows(ours.organisation) == change_rows(theirs.organisation)


def test_a_run_picked_up_again_goes_on_after_the_last_client_its_stopped_worker_committed(
        monkeypatch: pytest.MonkeyPatch, settings: Any, ours: Side) -> None:
    theirs = build_side("b", "THEIRS-")
    stopped = stopped_half_way(monkeypatch, ours, theirs)
    by_id = list(Client.objects.filter(organisation=ours.organisation, name__startswith="Client 0")
                 .order_by("pk").values_list("pk", flat=True))  # the eight the nine months reach
    assert (stopped.reached_client, stopped.to_write) == (by_id[2], 8)  # the first batch of three, committed
    monkeypatch.undo()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    rescreen_jobs.resume_interrupted()
    stopped.refresh_from_db()
    assert stopped.report["screened"] == 5  # the second attempt read only the clients after it
    assert (stopped.reached_client, stopped.written, stopped.to_write) == (by_id[-1], 8, 8)


def test_a_clinic_of_many_clients_is_rescreened_a_batch_at_a_time_each_in_its_own_transaction(
        monkeypatch: pytest.MonkeyPatch, ours: Side) -> None:
    clients_then_nine_months(ours.organisation, ours.admin, 7)
    monkeypatch.setattr(rescreen, "WRITE_BATCH", 2)
    progress: list[tuple[int, int]] = []

    class Watching(rescreen_jobs._RunJournal):  # type: ignore[misc]
        def writing(self, changes: Any, written: int, reached: int) -> None:
            super().writing(changes, written, reached)
            run = RescreenRun.objects.get(pk=self.run_id)
            progress.append((run.written, run.to_write))

    monkeypatch.setattr(rescreen_jobs, "_RunJournal", Watching)
    run, report = rescreen_jobs.run_now(ours.organisation)
    assert progress == [(2, 7), (4, 7), (6, 7), (7, 7)]
    assert (run.status, run.changed, report.screened) == ("done", 7, 7)


def test_a_run_still_waiting_for_the_worker_is_left_to_it_when_a_worker_starts(ours: Side) -> None:
    waiting = rescreen_jobs.queue_rescreen(ours.organisation, ours.admin)
    assert rescreen_jobs.resume_interrupted() == []
    assert RescreenRun.objects.get(pk=waiting.pk).task_id == waiting.task_id


def test_a_command_line_run_that_was_stopped_is_closed_by_the_next_one(
        monkeypatch: pytest.MonkeyPatch, ours: Side) -> None:
    clients_then_nine_months(ours.organisation, ours.admin, 8)
    monkeypatch.setattr(rescreen, "WRITE_BATCH", 3)
    monkeypatch.setattr(rescreen_jobs, "_RunJournal", StopsAfterFirstBatch)
    with pytest.raises(SystemExit):
        rescreen_jobs.run_now(ours.organisation)
    monkeypatch.undo()
    assert rescreen_jobs.resume_interrupted() == []  # the command's own, not the worker's
    run, _report = rescreen_jobs.run_now(ours.organisation)
    first = RescreenRun.objects.exclude(pk=run.pk).get(organisation=ours.organisation)
    assert (first.status, first.error) == ("failed", "stopped before the end (command line)")
    assert run.status == "done" and first.changes.count() + run.changes.count() == 8


def test_the_command_line_records_a_run_per_clinic(ours: Side) -> None:
    waiting_client(ours.organisation)
    policies.set_policy(ours.organisation, NINE_MONTHS, ours.admin)
    result = CliRunner().invoke(app, ["rescreen", "--clinic", str(ours.organisation.pk), "--json"])
    assert result.exit_code == 0, result.output
    run = RescreenRun.objects.get(organisation=ours.organisation)
    assert run.status == "done" and run.changed == 1 == len(json.loads(result.stdout)["changed_client_ids"])
    assert AuditEvent.objects.filter(action="rescreen", detail__startswith=f"re-screen {run.pk} done").exists()


@pytest.mark.usefixtures("immediate_tasks")
def test_a_client_screened_before_reasons_were_kept_says_so_instead_of_inventing_them(
        client: Browser, ours: Side) -> None:
    rosa = waiting_client(ours.organisation)
    Client.objects.filter(pk=rosa.pk).update(reasons=None)  # as a row stored before this version
    policies.set_policy(ours.organisation, NINE_MONTHS, ours.admin)
    client.force_login(ours.admin)
    client.post(f"/clinic/org/{ours.organisation.pk}/rescreen/")
    row = client.get("/clinic/").content.decode().split('id="rescreens"')[1].split("Rosa Wait")[1].split("</tr>")[0]
    assert "The earlier reasons were not kept" in row and "reason-added" not in row
    rosa.refresh_from_db()
    assert [r["rule"] for r in rosa.reasons] == ["isotretinoin_washout"]  # kept from now on


def test_a_run_left_by_another_queue_backend_is_queued_again_on_this_one(ours: Side) -> None:
    """A task id the database queue does not know (an id of the immediate backend, say) is a run to pick up."""
    run = rescreen_jobs.queue_rescreen(ours.organisation, ours.admin)
    RescreenRun.objects.filter(pk=run.pk).update(status="running", task_id="not-a-database-task-id")
    assert [r.pk for r in rescreen_jobs.resume_interrupted()] == [run.pk]
    assert DBTaskResult.objects.get(id=RescreenRun.objects.get(pk=run.pk).task_id).status == "READY"
