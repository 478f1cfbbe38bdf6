"""The fast bulk re-screen: the same answers as screening each client alone, a clinic's policy applied,
untouched clients left unread, only what changed written."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from typer.testing import CliRunner
from web_builders import person

from mesoplan.cli import app
from mesoplan.errors import IntakeError
from mesoplan.web.clinic import clients, policies, snapshot
from mesoplan.web.clinic.models import Client, Membership, Organisation, PlannedEvent
from mesoplan.web.clinic.rescreen import rescreen_all
from mesoplan.web.clinic.rescreen_work import Work

pytestmark = pytest.mark.django_db

START = date(2026, 12, 1)
ISO_STOPPED = START - timedelta(days=200)  # six months are over by the start; nine are not


def intake(**fields: Any) -> dict[str, Any]:
    """A clinic intake starting on 1 December 2026: forehead and cheeks."""
    return {"setting": "clinic", "start": START.isoformat(), "zones": ["forehead", "cheeks"], "goals": ["texture"],
            **fields}


ISOTRETINOIN = intake(medications=[{"id": "isotretinoin", "stopped": ISO_STOPPED.isoformat()}])
NECK_ONLY = intake(zones=["neck"])
VARIED = [
    ISOTRETINOIN, NECK_ONLY, intake(conditions=["pregnancy"]), intake(medications=[{"id": "fish_oil"}]),
    intake(procedures=[{"id": "botulinum_toxin", "date": "2026-11-25", "zones": ["forehead"]}]),
    intake(setting="home", device={"kind": "dermaroller", "needle_mm": 0.5, "uses": 3}),
    intake(conditions=[{"id": "eczema", "zones": ["cheeks"]}], person={"age": 16}),
]


@pytest.fixture
def clinic() -> Organisation:
    organisation = Organisation.objects.create(name="Clinic A")
    Membership.objects.create(user=person("staff"), organisation=organisation, role="admin")
    return organisation


def client_with(organisation: Organisation, data: dict[str, Any], name: str = "Client") -> Client:
    """A client whose intake was taken today through the clinic's own path (screened and planned)."""
    row = Client.objects.create(organisation=organisation, name=name)
    staff = Membership.objects.filter(organisation=organisation).first().user  # type: ignore[union-attr]
    clients.set_intake(row, data, staff, timezone.now())
    row.refresh_from_db()
    return row


def as_if_older_knowledge(*rows: Client) -> None:
    Client.objects.filter(pk__in=[r.pk for r in rows]).update(
        verdict="go", earliest_start=None, reasons_digest="older", plan_digest="older", knowledge_version="older-kb")


def stored(row: Client) -> tuple[Any, ...]:
    row.refresh_from_db()
    return (row.verdict, row.earliest_start, row.reasons_digest, row.plan_digest)


def events(row: Client) -> list[tuple[Any, ...]]:
    return list(PlannedEvent.objects.filter(client=row).order_by("position").values_list(
        "position", "date", "kind", "title", "zones"))


# -- the same answers as the single-client path -----------------------------------------------


def test_after_a_new_knowledge_base_every_client_has_what_screening_them_alone_gives(clinic: Organisation) -> None:
    """Each answer and stored plan equals the one `snapshot.take` makes for that client alone."""
    rows = [client_with(clinic, data, f"Client {i}") for i, data in enumerate(VARIED)]
    expected = {r.pk: (stored(r), events(r)) for r in rows}
    as_if_older_knowledge(*rows)
    PlannedEvent.objects.all().delete()
    report = rescreen_all(clinic)
    assert {r.pk: (stored(r), events(r)) for r in rows} == expected
    assert sorted(report.changed_client_ids) == sorted(r.pk for r in rows)
    assert report.screened == len(rows) and report.planned == len(rows)


def test_a_client_screened_with_the_knowledge_in_force_is_not_read_again(clinic: Organisation) -> None:
    """Nothing to do: the answer was made with these versions."""
    client_with(clinic, ISOTRETINOIN)
    report = rescreen_all(clinic)
    assert (report.checked, report.screened, report.changed) == (1, 0, 0)


def test_clients_who_share_an_intake_are_screened_once(clinic: Organisation) -> None:
    """Two clients, one intake: one distinct screening, both marked changed."""
    rows = [client_with(clinic, ISOTRETINOIN, "A"), client_with(clinic, ISOTRETINOIN, "B")]
    as_if_older_knowledge(*rows)
    report = rescreen_all(clinic)
    assert (report.screened, report.distinct, report.changed) == (2, 1, 2)


# -- a clinic's policy ----------------------------------------------------------------------


def test_a_longer_isotretinoin_washout_changes_only_the_client_it_reaches(clinic: Organisation) -> None:
    """Nine months: the isotretinoin client now waits; the neck-only client is not even screened."""
    waiting, other = client_with(clinic, ISOTRETINOIN, "Iso"), client_with(clinic, NECK_ONLY, "Neck")
    other_before = stored(other)
    policies.set_policy(clinic, {"washouts": {"isotretinoin_washout": {"amount": 9, "unit": "months"}}}, None)
    report = rescreen_all(clinic)
    assert report.changed_client_ids == (waiting.pk,) and report.screened == 1
    waiting.refresh_from_db()
    assert (waiting.previous_verdict, waiting.verdict) == ("go", "postpone")
    assert waiting.earliest_start == ISO_STOPPED.replace(month=ISO_STOPPED.month + 9 - 12, year=2027)
    assert stored(other) == other_before
    version = policies.versions_in_force([clinic.pk])[clinic.pk]
    assert waiting.policy_version == version and waiting.knowledge_version.endswith(f"+policy:{version}")


def test_after_a_policy_change_every_client_has_what_screening_them_alone_under_it_gives(
        clinic: Organisation) -> None:
    """Screened or skipped, each client's answer and plan digest equal a fresh screening and plan under the policy."""
    rows = [client_with(clinic, data, f"Client {i}") for i, data in enumerate(VARIED)]
    policy = {"washouts": {"isotretinoin_washout": {"amount": 9, "unit": "months"},
                           "fish_oil_pause": {"amount": 14, "unit": "days"}},
              "needle_max": {"cheeks": {"clinic": 0.5}, "forehead": 0.4}}
    policies.set_policy(clinic, policy, None)
    rescreen_all(clinic)
    knowledge, _ = policies.knowledge_in_force(clinic.pk)
    work = Work(knowledge)
    for row in rows:
        key = (json.dumps(row.intake), row.intake_taken_on)
        fresh, planned = work.screen([key])[0], work.plan([key])[0]
        assert stored(row) == (fresh.verdict, fresh.earliest_start, fresh.reasons_digest, planned.plan_digest)


def test_a_client_the_policy_does_not_reach_keeps_the_versions_of_its_answer(clinic: Organisation) -> None:
    """Not screened, not written: its answer, made without the policy, is the same under it."""
    other = client_with(clinic, NECK_ONLY, "Neck")
    policies.set_policy(clinic, {"washouts": {"isotretinoin_washout": {"amount": 9, "unit": "months"}}}, None)
    assert rescreen_all(clinic).screened == 0
    before = (other.knowledge_version, other.policy_version)
    other.refresh_from_db()
    assert (other.knowledge_version, other.policy_version) == before


def test_a_client_screened_again_with_the_same_answer_gets_the_new_versions(clinic: Organisation) -> None:
    """Isotretinoin stopped two years ago: reached by the policy, screened, unchanged, versions updated."""
    long_ago = client_with(clinic, intake(medications=[{"id": "isotretinoin", "stopped": "2024-11-01"}]))
    policies.set_policy(clinic, {"washouts": {"isotretinoin_washout": {"amount": 9, "unit": "months"}}}, None)
    report = rescreen_all(clinic)
    long_ago.refresh_from_db()
    assert (report.screened, report.changed) == (1, 0)
    assert long_ago.policy_version == policies.versions_in_force([clinic.pk])[clinic.pk]
    assert long_ago.changed_at is None


def test_a_lower_needle_limit_plans_again_where_it_reaches(clinic: Organisation) -> None:
    """Cheeks at most 0.5 mm in this clinic: the same verdict, a new plan for the cheeks client only."""
    cheeks, neck = client_with(clinic, intake(goals=["acne_scars"]), "Cheeks"), client_with(clinic, NECK_ONLY, "Neck")
    verdict_before, plan_before = cheeks.verdict, cheeks.plan_digest
    policies.set_policy(clinic, {"needle_max": {"cheeks": {"clinic": 0.5}}}, None)
    report = rescreen_all(clinic)
    cheeks.refresh_from_db()
    assert report.changed_client_ids == (cheeks.pk,) and neck.pk not in report.changed_client_ids
    assert cheeks.verdict == verdict_before and cheeks.plan_digest != plan_before


def test_going_back_to_the_shipped_values_changes_the_client_back(clinic: Organisation) -> None:
    """A policy, then none of its values: the client's answer returns to the first one."""
    row = client_with(clinic, ISOTRETINOIN)
    first = stored(row)
    policies.set_policy(clinic, {"washouts": {"isotretinoin_washout": {"amount": 12, "unit": "months"}}}, None)
    rescreen_all(clinic)
    assert stored(row) != first
    policies.set_policy(clinic, {}, None)
    assert rescreen_all(clinic).changed_client_ids == (row.pk,)
    assert stored(row) == first


def test_a_policy_outside_the_bounds_is_refused_and_nothing_is_stored(clinic: Organisation) -> None:
    """Two months of isotretinoin wash-out is below the knowledge base's three."""
    with pytest.raises(IntakeError) as caught:
        policies.set_policy(clinic, {"washouts": {"isotretinoin_washout": {"amount": 2, "unit": "months"}}}, None)
    assert caught.value.field == "policy.washouts.isotretinoin_washout"
    assert policies.versions_in_force([clinic.pk]) == {clinic.pk: ""}


def test_another_clinics_policy_does_not_reach_this_clinic(clinic: Organisation) -> None:
    """A policy is its clinic's own."""
    other = Organisation.objects.create(name="Clinic B")
    Membership.objects.create(user=person("staff_b"), organisation=other, role="admin")
    ours, theirs = client_with(clinic, ISOTRETINOIN, "Ours"), client_with(other, ISOTRETINOIN, "Theirs")
    policies.set_policy(other, {"washouts": {"isotretinoin_washout": {"amount": 9, "unit": "months"}}}, None)
    assert rescreen_all().changed_client_ids == (theirs.pk,)
    ours.refresh_from_db()
    assert ours.policy_version == ""


# -- failures and the command line ------------------------------------------------------------


def test_an_intake_that_no_longer_reads_keeps_its_versions(clinic: Organisation) -> None:
    """Reported, and left exactly as it was, versions included."""
    row = client_with(clinic, ISOTRETINOIN)
    Client.objects.filter(pk=row.pk).update(intake={**ISOTRETINOIN, "conditions": ["renamed_since"]},
                                            knowledge_version="older-kb")
    report = rescreen_all(clinic)
    row.refresh_from_db()
    assert [(c, f) for c, f, _ in report.failures] == [(row.pk, "conditions[0].id")]
    assert row.knowledge_version == "older-kb"


def test_the_command_line_prints_the_counts_time_and_rate(clinic: Organisation) -> None:
    """Clients, screened, distinct intakes, changed, seconds and clients per second, on one line."""
    as_if_older_knowledge(client_with(clinic, ISOTRETINOIN))
    result = CliRunner().invoke(app, ["rescreen"])
    assert result.exit_code == 0, result.output
    line = result.stdout.splitlines()[0]
    for word in ("1 clients", "1 screened", "1 distinct", "1 changed", " s,", "clients/s"):
        assert word in line, line
    assert json.loads(CliRunner().invoke(app, ["rescreen", "--json"]).stdout)["distinct"] == 0


def test_the_stored_plan_events_match_the_single_client_path(clinic: Organisation) -> None:
    """Dates, kinds, titles and zones of the stored plan, as `snapshot.planned_rows` writes them."""
    row = client_with(clinic, ISOTRETINOIN)
    taken = snapshot.take(ISOTRETINOIN, clinic.pk, row.intake_taken_on)
    as_if_older_knowledge(row)
    rescreen_all(clinic)
    assert [e[1:] for e in events(row)] == [(p.date, p.kind, p.title, p.zones)
                                            for p in snapshot.planned_rows(row, taken.events)]
