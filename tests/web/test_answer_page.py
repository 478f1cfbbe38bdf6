"""The answer: the verdict first in plain words, then reasons with dates and sources, zones, disagreements, plan."""

from __future__ import annotations

import re
import subprocess
from html import unescape
from pathlib import Path
from typing import Any

import icalendar
import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape
from web_builders import intake

from mesoplan import services
from mesoplan.web.front import display

pytestmark = pytest.mark.django_db

CONTRACT_LIKE = intake(
    start="2026-12-01",
    zones=["forehead", "cheeks", "periorbital"],
    conditions=[{"id": "eczema", "zones": ["cheeks"]}],
    medications=[{"id": "isotretinoin", "stopped": "2026-08-01"}],
    device={"kind": "dermaroller", "needle_mm": 0.5},
)


def answer(client: Client, data: dict[str, Any]) -> str:
    session = client.session
    session["selfcheck_intake"] = data
    session.save()
    response = client.get("/check/answer/")
    assert response.status_code == 200
    return str(response.content.decode())


def plan_page(client: Client, data: dict[str, Any]) -> str:
    """The whole plan of the answer to `data`, day by day."""
    answer(client, data)
    response = client.get("/check/answer/plan/")
    assert response.status_code == 200
    return str(response.content.decode())


def test_without_an_answer_the_visitor_is_sent_to_the_form(client: Client) -> None:
    response = client.get("/check/answer/")
    assert response.status_code == 302 and response["Location"] == "/check/"


def test_the_verdict_comes_first_in_plain_words_with_its_date(client: Client) -> None:
    html = answer(client, CONTRACT_LIKE)
    verdict = html.index('class="verdict postpone"')
    assert "Not yet — wait until 1 February 2027" in html
    assert verdict < html.index("<h2>Why</h2>")


def test_the_not_a_doctor_line_is_right_under_the_verdict(client: Client) -> None:
    html = answer(client, CONTRACT_LIKE)
    line = html.index("mesoplan supports your decision; it does not replace a doctor.")
    assert html.index('class="verdict postpone"') < line < html.index("<h2>Why</h2>")


def test_each_reason_shows_its_date_and_links_its_sources(client: Client) -> None:
    html = answer(client, CONTRACT_LIKE)
    assert "Until 1 February 2027." in html
    assert 'href="/sources/#src-R10"' in html
    assert 'title="Isotretinoin prescribing information' in html


def test_a_zone_named_in_a_message_reads_as_its_name(client: Client) -> None:
    html = answer(client, CONTRACT_LIKE)
    assert "too long for: Around the eyes." in html


def test_the_zone_map_is_coloured_by_verdict_with_the_needle_for_each_zone(client: Client) -> None:
    html = answer(client, intake(zones=["forehead", "periorbital"], device={"kind": "dermaroller", "needle_mm": 0.5}))
    assert 'class="zone verdict-caution" data-zone="periorbital"' in html
    assert 'class="zone verdict-go" data-zone="forehead"' in html
    assert 'class="zone is-untreated" data-zone="cheeks"' in html
    assert '<tr id="zone-periorbital"><td>Around the eyes</td>' in html
    assert "up to 0.25; start with 0.2" in html
    assert 'data-view="body"' not in html  # no body zone chosen: only the face is drawn


def test_the_disagreements_show_both_sides_and_what_mesoplan_decided(client: Client) -> None:
    html = answer(client, CONTRACT_LIKE)
    assert 'id="disagreement-E5"' in html
    assert "mesoplan decided:" in html


def test_the_plan_is_a_timeline_with_the_first_session_after_the_wait(client: Client) -> None:
    html = plan_page(client, CONTRACT_LIKE)
    timeline = html[html.index('id="plan-timeline"'):]
    assert "Session 1 of" in timeline
    assert 'datetime="2027-02-01"' in timeline


def test_the_calendar_download_is_a_valid_icalendar_file(client: Client) -> None:
    answer(client, CONTRACT_LIKE)
    response = client.get("/check/answer/plan.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    events = [c for c in calendar.walk("VEVENT")]
    assert events and min(e.decoded("dtstart") for e in events if "Session 1" in str(e["summary"])).isoformat() \
        == "2027-02-01"


def test_the_pdf_download_is_a_pdf(client: Client) -> None:
    answer(client, CONTRACT_LIKE)
    response = client.get("/check/answer/plan.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_downloads_without_an_answer_are_404(client: Client) -> None:
    assert client.get("/check/answer/plan.ics").status_code == 404
    assert client.get("/check/answer/plan.pdf").status_code == 404


def test_a_stored_answer_that_no_longer_parses_sends_back_to_the_form(client: Client) -> None:
    session = client.session
    session["selfcheck_intake"] = {"setting": "home", "start": "2026-12-01", "zones": ["elbow"]}
    session.save()
    response = client.get("/check/answer/")
    assert response.status_code == 302 and response["Location"] == "/check/"
    assert client.get("/check/answer/plan.ics").status_code == 404


def test_a_stop_verdict_plans_no_sessions(client: Client) -> None:
    html = answer(client, intake(conditions=["pregnancy"]))
    assert 'class="verdict stop"' in html and "Not now" in html
    assert "Session 1 of" not in html


def test_a_stop_is_offered_no_calendar(client: Client) -> None:
    """No empty calendar: the link is not there, and the address answers 404."""
    html = answer(client, intake(conditions=["pregnancy"]))
    assert "plan.ics" not in html and "plan.pdf" in html
    assert client.get("/check/answer/plan.ics").status_code == 404


def test_the_calendar_is_one_event_per_session_day_and_the_full_one_is_offered(client: Client) -> None:
    """By default the sessions and the preparation steps of their own day; `?detail=full` every step."""
    html = answer(client, CONTRACT_LIKE)
    assert 'href="/check/answer/plan.ics?detail=full"' in html
    daily = icalendar.Calendar.from_ical(client.get("/check/answer/plan.ics").content).walk("VEVENT")
    full = icalendar.Calendar.from_ical(client.get("/check/answer/plan.ics?detail=full").content).walk("VEVENT")
    assert len(full) > 3 * len(daily)
    assert {str(e["CATEGORIES"].cats[0]) for e in daily} == {"prep", "session", "maintenance"}


def test_a_reasons_last_dose_agrees_with_the_plan_on_the_same_page(client: Client) -> None:
    """Isotretinoin moves the course to 1 Feb 2027: the fish-oil reason's last dose is the pause's day, 25 Jan."""
    data = {**CONTRACT_LIKE, "medications": [*CONTRACT_LIKE["medications"], {"id": "fish_oil"}]}
    html = answer(client, data)
    assert "last dose on 25 January 2027 at the latest" in html
    assert "2026-11-24" not in html and "24 November 2026" not in html


def test_the_page_names_every_reason_every_session_date_and_each_source_cited(client: Client) -> None:
    html = answer(client, CONTRACT_LIKE)
    plan = services.plan_intake(services.parse_intake(CONTRACT_LIKE, today=timezone.localdate()),
                                today=timezone.localdate())
    with translation.override("en"):
        reasons = [display.reason_view(r, services.knowledge()).text for r in plan.screening.reasons]
    assert reasons and all(escape(text) in html for text in reasons)
    sessions = html[html.index('id="plan-sessions"'):]
    assert len(plan.sessions) > 3 and all(f'datetime="{s.date.isoformat()}"' in sessions for s in plan.sessions)
    listed = html[html.index('id="answer-sources"'):]
    assert all(f'href="/sources/#src-{code}"' in listed for r in plan.screening.reasons for code in r.sources)
    assert "Isotretinoin prescribing information" in listed
    steps = plan_page(client, CONTRACT_LIKE)
    listed = steps[steps.index('id="answer-sources"'):]
    assert all(f'href="/sources/#src-{code}"' in listed for e in plan.events for code in e.sources)


def test_the_steps_of_every_session_day_are_said_once_not_under_each_session(client: Client) -> None:
    html = plan_page(client, CONTRACT_LIKE)
    plan = html[html.index("<h1>"):html.index('id="answer-sources"')]  # the source list quotes some
    assert plan.count("Session 1 of") == 1 and "Session 8 of 8" in plan
    assert plan.count("Serum first, then roll") == 1  # the session's technique, said once for all sessions
    assert plan.count("No make-up for 10–15 hours") == 1  # the same aftercare after every session
    first, second = plan.index("Session 1 of"), plan.index("Session 2 of")
    assert "Sunscreen SPF 50 every time you go out (until 11 February 2027)" in plan[first:second]  # a day's own dates


def test_each_session_pending_a_doctors_clearance_is_marked_on_its_day(client: Client) -> None:
    data = {**CONTRACT_LIKE, "conditions": [{"id": "eczema"}], "medications": []}  # eczema everywhere: consult
    html = answer(client, data)
    assert 'class="verdict consult"' in html
    plan = services.plan_intake(services.parse_intake(data, today=timezone.localdate()), today=timezone.localdate())
    sessions = html[html.index('id="plan-sessions"'):html.index("</ul>", html.index('id="plan-sessions"'))]
    assert sessions.count("once a doctor clears it") == len(plan.sessions) > 0
    days = plan_page(client, data)
    days = days[days.index('id="plan-timeline"'):]
    assert days.count("once a doctor clears it") == len(plan.sessions)


def test_a_sources_citation_is_written_once_however_often_the_plan_cites_it(client: Client) -> None:
    html = plan_page(client, CONTRACT_LIKE)
    plan_source = services.knowledge().sources["P2"].citation  # cited by every session and its aftercare
    assert html.count(escape(plan_source)) == 1


def _pdf_page_one(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "answer.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, text=True,
                          timeout=60, check=True).stdout
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_page_and_the_pdf_say_the_verdict_in_the_same_words(client: Client, tmp_path: Path,
                                                                 language: str) -> None:
    """One vocabulary: the headline and what it means read the same on the page and on the PDF's first page."""
    client.cookies["django_language"] = language
    html = answer(client, CONTRACT_LIKE)
    headline = re.search(r'<h1 id="verdict-title">(.*?)</h1>\s*<p>(.*?)</p>', html, re.S)
    assert headline is not None
    page_one = _pdf_page_one(client.get("/check/answer/plan.pdf").content, tmp_path)
    words, meaning = (re.sub(r"\s+", " ", unescape(part)).strip() for part in headline.groups())
    assert f"{words} {meaning}" in page_one, page_one[:300]  # pdftotext writes no-break spaces as spaces


def test_people_read_dates_written_out_never_iso(client: Client) -> None:
    """One date style: "1 February 2027" in every text of the answer; ISO only in machine attributes."""
    html = answer(client, {**CONTRACT_LIKE, "medications": [*CONTRACT_LIKE["medications"], {"id": "fish_oil"}]})
    text = re.sub(r"<[^>]+>", " ", html)
    assert not re.findall(r"\b20\d\d-\d\d-\d\d\b", text)
    assert "1 February 2027" in text


def test_a_zone_not_to_be_treated_gets_no_needle(client: Client) -> None:
    """Cheeks with eczema are left out until a doctor clears them: the zone row gives no needle length."""
    html = answer(client, CONTRACT_LIKE)
    row = re.search(r'<tr id="zone-cheeks">(.*?)</tr>', html, re.S)
    assert row is not None and "mm" not in row.group(1) and "start with" not in row.group(1)
    assert "start with" in re.search(r'<tr id="zone-forehead">(.*?)</tr>', html, re.S).group(1)  # type: ignore[union-attr]


def test_what_to_buy_is_said_plainly(client: Client) -> None:
    """How many new sterile rollers the course needs, one per session, and the serum."""
    html = answer(client, {**CONTRACT_LIKE, "serums": ["hyaluronic_acid"]})
    buy = html[html.index('id="plan-buy"'):]
    sessions = len(services.plan_intake(services.parse_intake(CONTRACT_LIKE, today=timezone.localdate()),
                                        today=timezone.localdate()).sessions)
    assert f"Sterile single-use Dermaroller (mesoscooter): {sessions}, a new one for each session." in buy
    assert "Serum: Hyaluronic acid." in buy


def test_the_answer_opens_with_the_plan_at_a_glance(client: Client) -> None:
    """Issue 12: the next three dated things to do, the sessions as a short list, what to buy, right under the
    verdict; the day-by-day plan is one link away, not on the answer page."""
    html = answer(client, {**CONTRACT_LIKE, "serums": ["hyaluronic_acid"]})
    glance = html[html.index('id="plan-summary"'):html.index("<h2>Why</h2>")]
    assert html.index('class="verdict postpone"') < html.index('id="plan-summary"')
    plan = services.plan_intake(services.parse_intake(CONTRACT_LIKE, today=timezone.localdate()),
                                today=timezone.localdate())
    next_steps = glance[glance.index('id="plan-next"'):glance.index('id="plan-sessions"')]
    assert next_steps.count("<li>") == 3
    first = plan.events[0]
    assert f'datetime="{first.date.isoformat()}"' in next_steps
    assert "Session 1 of 8" in glance and "Session 8 of 8" in glance
    assert 'id="plan-buy"' in glance and 'href="/check/answer/plan/"' in glance
    assert 'id="plan-timeline"' not in html and "No make-up for 10–15 hours" not in html


def test_the_plans_page_folds_each_day_and_opens_the_first_ones(client: Client) -> None:
    html = plan_page(client, CONTRACT_LIKE)
    days = re.findall(r"<details( open)?><summary>", html[html.index('id="plan-timeline"'):])
    assert len(days) > 10 and days[0] == " open" and days[-1] == ""
    assert "Not yet — wait until 1 February 2027" in html  # the verdict comes with the plan
    assert "mesoplan supports your decision; it does not replace a doctor." in html
    assert 'href="/check/answer/plan.ics"' in html and 'href="/check/answer/"' in html


def test_the_plans_page_without_an_answer_sends_to_the_form(client: Client) -> None:
    response = client.get("/check/answer/plan/")
    assert response.status_code == 302 and response["Location"] == "/check/"
