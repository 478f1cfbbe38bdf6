"""Saved checks: keep an answer, re-screen it, change it and see what changed."""

from __future__ import annotations

import pytest
from django.test import Client
from web_builders import intake, intake_post, saved_check, today

from mesoplan.web.records.models import SavedCheck, SavedPlan, Screening

pytestmark = pytest.mark.django_db



def test_a_visitor_is_invited_to_sign_up_to_save(client: Client) -> None:
    client.post("/check/", intake_post())
    html = client.get("/check/answer/").content.decode()
    assert "/account/signup/" in html and "Save this check" not in html


def test_saving_keeps_the_intake_the_screening_and_the_plan(client: Client, ana: object) -> None:
    client.post("/check/", intake_post())
    response = client.post("/check/save/", {"title": "Spring course"})
    check = SavedCheck.objects.get()
    assert response["Location"] == f"/check/saved/{check.pk}/"
    assert check.owner == ana and check.title == "Spring course"
    assert check.intake == client.session["selfcheck_intake"]
    screening = Screening.objects.get()
    assert screening.result["verdict"] == screening.verdict == "go"
    assert screening.knowledge_version == screening.result["knowledge_version"]
    assert SavedPlan.objects.get().plan["events"]


def test_a_check_without_a_name_is_not_saved(client: Client, ana: object) -> None:
    client.post("/check/", intake_post())
    response = client.post("/check/save/", {"title": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not SavedCheck.objects.exists()


def test_the_list_shows_ones_own_checks_with_their_last_verdict(client: Client, ana: object) -> None:
    saved_check(ana, title="Cheeks in spring")  # type: ignore[arg-type]
    html = client.get("/check/saved/").content.decode()
    assert "Cheeks in spring" in html and 'class="badge go"' in html


def test_screening_again_records_a_new_answer_and_says_nothing_changed(client: Client, ana: object) -> None:
    check = saved_check(ana)  # type: ignore[arg-type]
    response = client.post(f"/check/saved/{check.pk}/rescreen/", follow=True)
    assert check.screenings.count() == 2
    assert "Nothing changed in the answer." in response.content.decode()


def test_changing_the_answers_screens_again_and_shows_what_changed(client: Client, ana: object) -> None:
    check = saved_check(ana)  # type: ignore[arg-type]
    stopped = today().isoformat()
    post = intake_post(**{"start": check.intake["start"], "medications-0-id": "isotretinoin",
                          "medications-0-stopped": stopped})
    response = client.post(f"/check/saved/{check.pk}/edit/", post, follow=True)
    html = response.content.decode()
    check.refresh_from_db()
    assert check.intake["medications"] == [{"id": "isotretinoin", "stopped": stopped}]
    assert "What changed at the last screening" in html
    assert "<strong>go</strong> → <strong>wait</strong>" in html
    assert "New reasons:" in html and "isotretinoin" in html


def test_a_bad_change_is_shown_by_its_field_and_keeps_the_old_answers(client: Client, ana: object) -> None:
    check = saved_check(ana)  # type: ignore[arg-type]
    before = dict(check.intake)
    response = client.post(f"/check/saved/{check.pk}/edit/", intake_post(age="-1"))
    assert response.status_code == 200
    assert "enter a whole number from 0 to 120" in response.content.decode()
    check.refresh_from_db()
    assert check.intake == before and check.screenings.count() == 1


def test_a_saved_check_has_its_own_calendar_and_pdf(client: Client, ana: object) -> None:
    check = saved_check(ana, start="2026-12-01")  # type: ignore[arg-type]
    ics = client.get(f"/check/saved/{check.pk}/plan.ics")
    assert ics.status_code == 200 and b"BEGIN:VCALENDAR" in ics.content
    assert client.get(f"/check/saved/{check.pk}/plan.pdf").content.startswith(b"%PDF")


def test_a_saved_check_shows_its_plan_at_a_glance_and_has_its_own_plan_page(client: Client, ana: object) -> None:
    check = saved_check(ana, start="2026-12-01")  # type: ignore[arg-type]
    html = client.get(f"/check/saved/{check.pk}/").content.decode()
    assert 'id="plan-summary"' in html and f'href="/check/saved/{check.pk}/plan/"' in html
    plan = client.get(f"/check/saved/{check.pk}/plan/").content.decode()
    assert 'id="plan-timeline"' in plan and "Session 1 of" in plan
    assert f'href="/check/saved/{check.pk}/"' in plan and f'href="/check/saved/{check.pk}/plan.ics"' in plan


def test_deleting_a_check_removes_its_screenings_and_plans(client: Client, ana: object) -> None:
    check = saved_check(ana)  # type: ignore[arg-type]
    client.post(f"/check/saved/{check.pk}/delete/")
    assert not SavedCheck.objects.exists() and not Screening.objects.exists() and not SavedPlan.objects.exists()


def test_saving_data_that_does_not_parse_stores_nothing(client: Client, ana: object) -> None:
    session = client.session
    session["selfcheck_intake"] = intake(zones=["elbow"])
    session.save()
    response = client.post("/check/save/", {"title": "x"})
    assert response.status_code == 302 and response["Location"] == "/check/"
    assert not SavedCheck.objects.exists() and not Screening.objects.exists()


def _saved_before_zones_were_required(owner: object) -> SavedCheck:
    """A check saved, and answered `go`, when an intake could name no zone."""
    check = saved_check(owner, title="Old check")  # type: ignore[arg-type]
    SavedCheck.objects.filter(pk=check.pk).update(intake={k: v for k, v in check.intake.items() if k != "zones"})
    check.refresh_from_db()
    return check


def test_a_check_saved_without_zones_is_listed_as_to_review_not_go(client: Client, ana: object) -> None:
    _saved_before_zones_were_required(ana)
    html = client.get("/check/saved/").content.decode()
    assert "Old check" in html and "To review: choose the areas" in html
    assert 'class="badge go"' not in html


def test_a_check_saved_without_zones_still_opens_and_asks_to_change_it(client: Client, ana: object) -> None:
    check = _saved_before_zones_were_required(ana)
    detail = client.get(f"/check/saved/{check.pk}/")
    assert detail.status_code == 200
    assert "cannot be read with the current knowledge base: change them" in detail.content.decode()
    assert client.get(f"/check/saved/{check.pk}/edit/").status_code == 200
    screened_again = client.post(f"/check/saved/{check.pk}/rescreen/", follow=True)
    assert "cannot be read with the current knowledge base" in screened_again.content.decode()
    assert client.get(f"/check/saved/{check.pk}/plan.ics").status_code == 404
    assert SavedCheck.objects.filter(pk=check.pk).exists()
