"""In Debian's Chromium, on a desktop and on a phone: staff hand the tablet over, the client signs the
consent on the locked screen with a drawn signature, cannot leave it, and staff unlock it; a new
version keeps the old signature in the history."""

from __future__ import annotations

from pathlib import Path

import pytest
from clinic_builders import client_of, clinic, member, published
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer
from test_clinic_browser import log_in
from web_builders import PASSWORD

from mesoplan.web.clinic.models import ConsentSignature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"desktop": {"viewport": {"width": 1200, "height": 900}},
           "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
                     "device_scale_factor": 3}}


def draw_signature(page: Page) -> None:
    """A few strokes across the canvas, as a finger or a mouse would."""
    box = page.locator("canvas.signature-canvas").bounding_box()
    assert box is not None
    x, y, w, h = box["x"], box["y"], box["width"], box["height"]
    for stroke in (((0.1, 0.7), (0.25, 0.2), (0.35, 0.75), (0.5, 0.3)), ((0.55, 0.6), (0.7, 0.35), (0.9, 0.55))):
        page.mouse.move(x + w * stroke[0][0], y + h * stroke[0][1])
        page.mouse.down()
        for fx, fy in stroke[1:]:
            page.mouse.move(x + w * fx, y + h * fy, steps=8)
        page.mouse.up()


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_the_client_signs_with_a_drawing_on_the_locked_screen(
        live_server: LiveServer, browser: Browser, artifacts: Path, screen: str) -> None:
    org = clinic("Clinique du Parc")
    admin = member(org, "admin", "claire")
    front = member(org, "front_desk", "fanny")
    front.set_password(PASSWORD)
    front.save()
    published(org, admin, text="Microneedling makes tiny wounds in the skin.\n\nRedness for two or three days "
                               "is expected.")
    martin = client_of(org, "Claire Martin", by=admin)
    client_of(org, "Other Person", by=admin)
    context = browser.new_context(**SCREENS[screen])  # type: ignore[arg-type]
    page = context.new_page()
    log_in(page, live_server.url, front)
    page.goto(f"{live_server.url}/clinic/clients/{martin.pk}/")
    page.get_by_role("link", name="Take consent").click()
    page.get_by_role("button", name="Hand the tablet to the client").click()

    expect(page).to_have_url(f"{live_server.url}/clinic/handover/")
    expect(page.locator("#consent-text")).to_contain_text("tiny wounds")
    expect(page.locator("nav")).to_have_count(0)
    expect(page.locator("canvas.signature-canvas")).to_be_visible()
    expect(page.locator("[data-signature-fallback]")).to_be_hidden()
    page.get_by_label("I have read this text and I agree to it.").check()
    page.get_by_label("Full name, as signature").fill("Someone Else")
    draw_signature(page)
    page.get_by_role("button", name="Sign").click()
    expect(page.locator("#field-signed_name .errorlist")).to_contain_text("ask a member of staff")
    page.get_by_label("I have read this text and I agree to it.").check()
    page.get_by_label("Full name, as signature").fill("martin claire")
    page.get_by_role("button", name="Clear the drawing").click()
    draw_signature(page)
    page.screenshot(path=artifacts / f"consent-handover-{screen}.png", full_page=True)
    page.get_by_role("button", name="Sign").click()
    expect(page.locator("#handover-done")).to_contain_text("hand the tablet back")
    page.screenshot(path=artifacts / f"consent-handover-signed-{screen}.png", full_page=True)

    for url in ("/clinic/clients/", f"/clinic/clients/{martin.pk}/", "/clinic/"):  # the client tries to leave
        page.goto(f"{live_server.url}{url}")
        expect(page).to_have_url(f"{live_server.url}/clinic/handover/")
    expect(page.get_by_text("Other Person")).to_have_count(0)

    page.get_by_role("link", name="Staff: unlock").click()
    page.get_by_label("Staff password").fill("wrong")
    page.get_by_role("button", name="Unlock").click()
    expect(page.locator("#field-password .errorlist")).to_be_visible()
    page.get_by_label("Staff password").fill(PASSWORD)
    page.get_by_role("button", name="Unlock").click()
    expect(page).to_have_url(f"{live_server.url}/clinic/clients/{martin.pk}/")

    signature = ConsentSignature.objects.get(client=martin)
    assert signature.drawing and signature.signed_name == "martin claire" and signature.device
    published(org, admin, text="Version two of the text.")
    page.reload()
    history = page.locator("#consent-history")
    expect(history.locator(f"#signature-{signature.pk}")).to_contain_text("replaced by a later version")
    drawing = history.locator(f"#signature-{signature.pk} img")
    drawing.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('#consent-history img').complete")
    assert drawing.evaluate("i => i.naturalWidth") > 0
    history.locator(".table-scroll").evaluate("e => { e.scrollLeft = 0; }")
    page.screenshot(path=artifacts / f"consent-history-{screen}.png", full_page=True)
    context.close()
