"""In Debian's Chromium, on a desktop and a phone: axe-core's WCAG 2 A and AA rules find nothing on any page
a visitor, a home user, a clinic's staff or a clinic's client can reach.

The pages are walked in one browser session per test (three tests: the visitor, the home user, the clinic;
each well under 30 s on a quiet machine), each page loaded once and checked at both sizes, so the run stays
short. axe-core comes from npm
through the test setup (tests/npm_tools.py). The file lives in this folder because the clinic's builders
do; the home user's pages are here too. Not walked: Django's admin (for the operator, not a user of the
site) and the API docs (Swagger UI's own page).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from clinic_builders import booked
from clinic_world import Side, build_side
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.test import Client as DjangoClient
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer
from web_builders import days_ago, device, person, photo, reaction, saved_check, session

import npm_tools
from e2e.test_browser_selfcheck import click_zone
from mesoplan.web.clinic import invitations, previsit
from mesoplan.web.clinic.models import Client, ImportJob, PreVisitIntake
from mesoplan.web.home import reminders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": {"width": 1200, "height": 900}, "phone": {"width": 390, "height": 844}}
# The violations, and what axe could not decide ("incomplete") except colour contrast: that one it cannot
# measure on text over the drawings (zone map, chart), which were looked at on the screenshots instead.
# An undecided aria-describedby naming no element on the page was a real fault (field errors without ids).
AXE_RUN = """options => axe.run(document, options).then(result => result.violations.concat(
    result.incomplete.filter(v => v.id !== 'color-contrast')).map(v => ({
    rule: v.id, impact: v.impact, targets: v.nodes.map(n => n.target.join(' ')),
    summary: v.nodes.length ? v.nodes[0].failureSummary || v.nodes[0].any.map(c => c.message).join('; ') : ''})))"""
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}, "resultTypes": ["violations", "incomplete"]}


@pytest.fixture(scope="module")
def axe_source() -> str:
    return (npm_tools.package_dir("axe-core") / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture
def axe_page(browser: Browser) -> Iterator[Page]:
    """A page whose Content-Security-Policy is not enforced, for this test only: axe-core has to be put into
    the page as an inline script, which the site's policy (`script-src 'self'`) rightly refuses.
    tests/e2e/test_browser_csp.py checks the pages under the policy."""
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


@dataclass
class Audit:
    """Runs axe-core on the page as it is now and keeps every violation, named by viewport and page."""

    page: Page
    base: str
    source: str
    artifacts: Path
    found: list[str] = field(default_factory=list)

    def visit(self, path: str, expect_status: int = 200) -> None:
        response = self.page.goto(f"{self.base}{path}")
        assert response is not None and response.status == expect_status, (path, response and response.status)
        self.check(path)

    def check(self, name: str) -> None:
        """axe on the page as it is now, on a desktop and then on a phone (one load for both: the layout
        follows the viewport, and site.js hears the resize)."""
        if not self.page.evaluate("() => typeof window.axe === 'object'"):
            self.page.add_script_tag(content=self.source)
        for viewport, size in VIEWPORTS.items():
            self.page.set_viewport_size(size)
            self.page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
            violations = self.page.evaluate(AXE_RUN, AXE_OPTIONS)
            for v in violations:
                self.found.append(f"{viewport} {name}: {v['rule']} ({v['impact']}) on {v['targets']}\n"
                                  f"    {v['summary']}")
            if violations:  # a picture of the page as axe saw it, to look at beside the list
                slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "home"
                self.page.screenshot(path=self.artifacts / f"axe-{viewport}-{slug}.png", full_page=True)

    def submit_empty(self, path: str, button: str) -> None:
        """The form at `path` sent as it comes: the page that answers with its errors."""
        self.page.goto(f"{self.base}{path}")
        self.page.get_by_role("button", name=button, exact=True).click()
        expect(self.page.locator(".errorlist").first).to_be_visible()
        self.check(f"{path} with errors")

    def as_user(self, user: User | None) -> None:
        """The browser's session becomes this user's (no login form: the login throttle is not the subject)."""
        context = self.page.context
        context.clear_cookies()
        if user is not None:
            client = DjangoClient()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": self.base}])

    def assert_clean(self) -> None:
        assert not self.found, f"{len(self.found)} axe violations:\n" + "\n".join(self.found)


def _visitor_pages(audit: Audit, nina: User) -> None:
    audit.as_user(None)
    for path in ("/", "/words/", "/sources/", "/account/signup/", "/account/login/", "/account/password/reset/",
                 "/account/password/reset/sent/", "/account/password/reset/done/",
                 f"/me/reminders/stop/{reminders.unsubscribe_token(nina, reminders.PREP)}/"):
        audit.visit(path)
    audit.visit("/no-such-page/", expect_status=404)
    reset = f"/account/password/reset/{urlsafe_base64_encode(force_bytes(nina.pk))}/" \
            f"{default_token_generator.make_token(nina)}/"
    audit.page.goto(f"{audit.base}{reset}")  # redirects to the form for the new password
    audit.check("password reset form")
    audit.submit_empty("/check/", "See my answer")  # every error at once, and the summary above them
    audit.submit_empty("/account/signup/", "Sign up")
    audit.submit_empty("/account/login/", "Log in")
    audit.visit("/check/")
    audit.page.get_by_label("I will, at home").check()
    audit.page.get_by_label("When would you like the first session?").fill(
        (days_ago(0) + timedelta(days=14)).isoformat())
    click_zone(audit.page, "forehead")
    click_zone(audit.page, "cheeks")
    audit.check("/check/ filled in")
    audit.page.get_by_role("button", name="See my answer").click()
    expect(audit.page).to_have_url(f"{audit.base}/check/answer/")
    audit.check("/check/answer/")
    audit.visit("/check/answer/plan/")  # the whole plan, each day folded
    audit.page.locator("#plan-timeline li.session details").last.locator("summary").click()
    audit.check("/check/answer/plan/ with a day unfolded")
    audit.page.go_back()
    audit.page.go_back()  # the form as it was filled in
    audit.page.get_by_label("I am pregnant").check()  # an answer of another kind: not now, no plan
    audit.page.get_by_role("button", name="See my answer").click()
    expect(audit.page).to_have_url(f"{audit.base}/check/answer/")
    audit.check("/check/answer/ while pregnant")


def _home_user_pages(audit: Audit, nina: User, ids: dict[str, int]) -> None:
    audit.as_user(nina)
    for path in ("/", "/check/saved/", f"/check/saved/{ids['check']}/", f"/check/saved/{ids['check']}/edit/",
                 "/me/reminders/", "/me/data/",
                 "/account/password/change/", "/account/password/change/done/", "/account/tokens/",
                 "/diary/", "/diary/progress/", "/diary/sessions/", "/diary/sessions/new/",
                 f"/diary/sessions/{ids['session']}/", f"/diary/sessions/{ids['session']}/delete/",
                 "/diary/devices/", "/diary/devices/new/", f"/diary/devices/{ids['device']}/",
                 f"/diary/devices/{ids['device']}/delete/", "/diary/reactions/", "/diary/reactions/new/",
                 f"/diary/reactions/{ids['reaction']}/", f"/diary/reactions/{ids['reaction']}/delete/",
                 "/diary/photos/", "/diary/photos/new/", "/diary/photos/compare/",
                 f"/diary/photos/{ids['photo']}/delete/", f"/diary/reactions/{ids['flag']}/seen/",
                 f"/diary/reactions/{ids['flag']}/resolved/", "/clinic/", "/clinic/new/", "/clinic/me/"):
        audit.visit(path)
    audit.visit("/clinic/clients/", expect_status=403)  # a clinic's page, to someone of no clinic
    audit.submit_empty("/diary/sessions/new/", "Save")
    audit.submit_empty(f"/diary/reactions/{ids['flag']}/resolved/", "Save")


def test_every_page_of_a_visitor_passes_axe(
        live_server: LiveServer, axe_page: Page, axe_source: str, artifacts: Path) -> None:
    """Nina has an account, so that her reset link and her reminders' unsubscribe link lead somewhere."""
    audit = Audit(axe_page, live_server.url, axe_source, artifacts)
    _visitor_pages(audit, person("nina"))
    audit.assert_clean()


def test_every_page_of_a_home_user_passes_axe(
        live_server: LiveServer, axe_page: Page, axe_source: str, artifacts: Path) -> None:
    nina = person("nina")
    check = saved_check(nina)
    pen = device(nina, label="Blue pen")
    first = session(nina, date=days_ago(12), zones=["cheeks"], device=pen, outcome=5)
    session(nina, date=days_ago(5), zones=["cheeks"], device=pen, outcome=7)
    noticed = reaction(nina, session=first, date=days_ago(11), symptom="redness", severity=2)
    flag = reaction(nina, session=first, date=days_ago(10), symptom="infection_signs", severity=3)  # open
    before = photo(nina, kind="before", taken_on=days_ago(13))
    photo(nina, kind="after", taken_on=days_ago(1))
    ids = {"check": check.pk, "device": pen.pk, "session": first.pk, "reaction": noticed.pk, "photo": before.pk,
           "flag": flag.pk}
    audit = Audit(axe_page, live_server.url, axe_source, artifacts)
    _home_user_pages(audit, nina, ids)
    audit.assert_clean()


def _clinic_pages(audit: Audit, ours: Side, ana: User, extra: dict[str, Any]) -> None:
    org, client = ours.organisation.pk, ours.client.pk
    audit.as_user(ours.admin)
    for path in ("/clinic/", f"/clinic/org/{org}/", f"/clinic/org/{org}/policy/", f"/clinic/org/{org}/audit/",
                 f"/clinic/org/{org}/recall/", f"/clinic/org/{org}/recall/?lot=LOT", f"/clinic/org/{org}/calendar/",
                 f"/clinic/org/{org}/products/", f"/clinic/org/{org}/reports/",
                 f"/clinic/org/{org}/reports/?kind=clients&start=2026-12-10&end=2026-12-01", "/clinic/clients/?q=LOT",
                 f"/clinic/clients/{client}/photos/compare/",
                 f"/clinic/locations/{extra['location']}/hours/", f"/clinic/members/{ours.membership.pk}/remove/",
                 "/clinic/profile/", "/clinic/clients/", "/clinic/clients/?q=Client", "/clinic/clients/new/",
                 "/clinic/clients/import/", f"/clinic/clients/import/{extra['import_job']}/",
                 f"/clinic/clients/{client}/", f"/clinic/clients/{client}/edit/",
                 f"/clinic/clients/{client}/intake/", f"/clinic/clients/{client}/consent/microneedling/",
                 f"/clinic/clients/{client}/clearance/", f"/clinic/clients/{client}/reactions/new/",
                 f"/clinic/reactions/{extra['reaction']}/flag/", f"/clinic/clients/{client}/audit/",
                 f"/clinic/clients/{client}/appointments/new/", f"/clinic/clients/{client}/appointments/plan/",
                 f"/clinic/appointments/{ours.appointment.pk}/", f"/clinic/sessions/{ours.session.pk}/",
                 f"/clinic/sessions/{ours.session.pk}/amend/", f"/clinic/sessions/{ours.draft.pk}/",
                 f"/clinic/sessions/{ours.draft.pk}/edit/", f"/clinic/sessions/{ours.draft.pk}/photos/new/",
                 f"/clinic/clients/{client}/messages/", f"/clinic/clients/{client}/protocol/"):
        audit.visit(path)
    audit.submit_empty("/clinic/clients/new/", "Save")
    audit.submit_empty(f"/clinic/org/{org}/products/", "Add to the stock")
    audit.as_user(ours.practitioner)
    audit.visit("/clinic/")
    audit.visit(f"/clinic/clients/{client}/sessions/new/")
    click_zone(audit.page, "forehead")
    expect(audit.page.locator("#row-forehead")).to_be_visible()  # htmx brought the zone's row
    audit.check("chart form with a zone")
    audit.as_user(ours.front_desk)
    audit.visit("/clinic/")
    audit.as_user(None)
    audit.visit(f"/clinic/invitations/{extra['invitation']}/")
    audit.visit(extra["previsit"])  # the client's own intake, from the link, without an account
    audit.visit("/clinic/intake/not-a-valid-link/", expect_status=404)
    audit.as_user(ana)
    audit.visit("/clinic/me/")
    audit.visit("/clinic/me/link/")
    audit.visit(f"/clinic/me/{client}/consent/microneedling/")


def test_every_clinic_page_passes_axe(
        live_server: LiveServer, axe_page: Page, axe_source: str, artifacts: Path) -> None:
    ours = build_side("a", "")
    ana = person("ana")
    Client.objects.filter(pk=ours.client.pk).update(user=ana)
    booked(ours.client, ours.practitioner, day=days_ago(-2))
    _row, token = invitations.invite(ours.organisation, "new@example.org", "practitioner", ours.admin)
    extra = {"location": ours.organisation.locations.first().pk,  # type: ignore[union-attr]
             "import_job": ImportJob.objects.create(organisation=ours.organisation, size=1).pk,
             "reaction": ours.client.reactions.first().pk,  # type: ignore[union-attr]
             "invitation": token, "previsit": previsit.path_of(previsit.make_link(ours.client, ours.front_desk))}
    # an intake the client sent earlier, waiting for review on the client's page (the table of changes)
    PreVisitIntake.objects.create(client=ours.client, submitted_at=timezone.now(),
                                  intake={**ours.client.intake, "zones": ["forehead"], "setting": "clinic"})
    audit = Audit(axe_page, live_server.url, axe_source, artifacts)
    _clinic_pages(audit, ours, ana, extra)
    audit.assert_clean()
