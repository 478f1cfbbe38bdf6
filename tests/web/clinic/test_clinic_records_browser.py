"""In Debian's Chromium, on a desktop and on a phone: the clinic's admin finds clients by phone and by the lot they
received, reads the products and their stock, and downloads a CSV report after a period given the wrong way round."""

from __future__ import annotations

import csv
import io
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from clinic_builders import chart, client_of, clinic, member, today
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer
from test_clinic_browser import log_in
from test_clinic_consent_browser import SCREENS
from web_builders import PASSWORD

from mesoplan.web.clinic.models import AuditEvent, ClinicPhoto, StockLot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_search_by_phone_and_lot_then_read_the_stock_and_download_a_report(
        live_server: LiveServer, browser: Browser, artifacts: Path, screen: str) -> None:
    org = clinic("Clinique du Parc")
    dora = member(org, "admin", "dora", first_name="Dora", last_name="Lee")  # reports are the admins' (issue 15)
    dora.set_password(PASSWORD)
    dora.save()
    claire = client_of(org, "Claire Martin", by=dora, phone="+33 6 12 34 56 78", email="claire@example.org")
    bruno = client_of(org, "Bruno Petit", by=dora)
    client_of(org, "Nadia Roy", by=dora)
    for who in (claire, bruno):
        chart(who, dora, lot="HA2311-B")
    StockLot.objects.create(organisation=org, product_name="Hyal 2 %", ingredient="hyaluronic_acid", lot="HA2311-B",
                            expiry=today() + timedelta(days=12), quantity_received=10, received_on=today())
    context = browser.new_context(accept_downloads=True, **SCREENS[screen])  # type: ignore[arg-type]
    page = context.new_page()
    log_in(page, live_server.url, dora)

    page.goto(f"{live_server.url}/clinic/clients/")
    search = page.get_by_label("Search by name, phone, email, date of birth or lot number")
    search.fill("06 12 34 56 78")
    search.press("Enter")
    expect(page.locator("#client-rows")).to_contain_text("Claire Martin")
    expect(page.locator("#client-rows")).not_to_contain_text("Bruno Petit")
    page.get_by_label("Search by name, phone, email, date of birth or lot number").fill("ha2311-b")
    page.get_by_role("button", name="Search", exact=True).click()
    rows = page.locator("#client-rows tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#client-rows")).to_contain_text("received lot ha2311-b")
    expect(page.locator("#client-rows")).not_to_contain_text("Nadia Roy")
    page.screenshot(path=artifacts / f"records-search-lot-{screen}.png", full_page=True)

    page.goto(f"{live_server.url}/clinic/")
    page.get_by_role("link", name="Products and stock of Clinique du Parc").click()
    stock = page.locator("#stock tbody tr", has_text="HA2311-B")
    expect(stock).to_contain_text("expires soon")
    expect(stock.locator("td").nth(3)).to_have_text("10")
    expect(stock.locator("td").nth(4)).to_have_text("2")
    expect(stock.locator("td").nth(5)).to_have_text("8")
    page.screenshot(path=artifacts / f"records-stock-{screen}.png", full_page=True)

    page.goto(f"{live_server.url}/clinic/")
    page.get_by_role("link", name="Reports (CSV) of Clinique du Parc").click()
    page.get_by_label("What to export").select_option("sessions")
    page.get_by_label("From").fill(today().isoformat())
    page.get_by_label("To", exact=True).fill((today() - timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Download CSV").click()
    expect(page.locator("#field-end .errorlist")).to_contain_text("“To” is before “From”")
    page.screenshot(path=artifacts / f"records-report-error-{screen}.png", full_page=True)
    page.get_by_label("From").fill((today() - timedelta(days=30)).isoformat())
    page.get_by_label("To", exact=True).fill(today().isoformat())
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    saved = artifacts / f"records-sessions-{screen}.csv"
    download.value.save_as(saved)
    header, *lines = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert header[:2] == ["Session date", "Client"]
    assert sorted(line[1] for line in lines) == ["Bruno Petit", "Claire Martin"]
    assert all("Hyal 2 % (HA2311-B)" in line[7] for line in lines)
    assert AuditEvent.objects.filter(action="export", client__isnull=False).count() == 2
    context.close()


def _skin(shade: int, spots: int) -> ContentFile[bytes]:
    """A photo-like JPEG: skin-coloured, with `spots` red marks (fewer after the treatment)."""
    image = Image.new("RGB", (640, 480), (230, 190 - shade, 170 - shade))
    draw = ImageDraw.Draw(image)
    for n in range(spots):
        x, y = 40 + (n * 97) % 560, 40 + (n * 61) % 400
        draw.ellipse((x, y, x + 18, y + 18), fill=(190, 80, 80))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return ContentFile(out.getvalue(), name="p.jpg")


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_before_and_after_of_one_zone_across_two_sessions(
        live_server: LiveServer, browser: Browser, artifacts: Path, screen: str) -> None:
    org = clinic("Clinique du Parc")
    dora = member(org, "practitioner", "dora", first_name="Dora", last_name="Lee")
    dora.set_password(PASSWORD)
    dora.save()
    claire = client_of(org, "Claire Martin", by=dora)
    first = chart(claire, dora, day=today() - timedelta(days=60), zones=("forehead", "cheeks"))
    second = chart(claire, dora, day=today() - timedelta(days=20), zones=("forehead",))
    for session, kind, zone, photo in ((first, "before", "forehead", _skin(0, 24)),
                                       (first, "before", "cheeks", _skin(10, 10)),
                                       (second, "after", "forehead", _skin(0, 6))):
        ClinicPhoto.objects.create(client=claire, session=session, kind=kind, zone=zone, taken_on=session.date,
                                   image=photo, caption=f"{zone} {kind}")
    context = browser.new_context(**SCREENS[screen])  # type: ignore[arg-type]
    page = context.new_page()
    log_in(page, live_server.url, dora)
    page.goto(f"{live_server.url}/clinic/clients/{claire.pk}/")
    page.get_by_role("link", name="Compare before and after").click()
    page.get_by_label("Zone").select_option("forehead")
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("#left figcaption")).to_contain_text("forehead before")
    expect(page.locator("#right figcaption")).to_contain_text("forehead after")
    expect(page.locator("#right img")).to_have_js_property("complete", True)
    page.screenshot(path=artifacts / f"records-before-after-{screen}.png", full_page=True)
    context.close()


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_a_lot_recall_finds_every_client_and_exports_it_then_the_clinic_prints_a_clients_plan(
        live_server: LiveServer, browser: Browser, artifacts: Path, screen: str) -> None:
    """Issue 15's flow after the consent (test_clinic_consent_browser): the supplier's notice names a lot, the
    practitioner finds who received it and downloads the list, then prints one client's plan to take home."""
    org = clinic("Clinique du Parc")
    dora = member(org, "practitioner", "dora", first_name="Dora", last_name="Lee")
    dora.set_password(PASSWORD)
    dora.save()
    claire = client_of(org, "Claire Martin", by=dora, phone="+33 6 12 34 56 78")
    bruno = client_of(org, "Bruno Petit", by=dora, email="bruno@example.org")
    nadia = client_of(org, "Nadia Roy", by=dora)
    for who in (claire, bruno):
        chart(who, dora, lot="HA2311-B")
    chart(nadia, dora, lot="HA2400-A")
    context = browser.new_context(accept_downloads=True, **SCREENS[screen])  # type: ignore[arg-type]
    page = context.new_page()
    log_in(page, live_server.url, dora)

    page.goto(f"{live_server.url}/clinic/")
    page.get_by_role("link", name="Lot recall in Clinique du Parc").click()
    page.get_by_label("Lot number").fill(" ha2311-b ")  # as typed from a notice
    page.get_by_role("button", name="Find").click()
    expect(page.locator("#recall-summary")).to_contain_text("was used on 2 clients")
    expect(page.locator("#recall")).to_contain_text("Claire Martin")
    expect(page.locator("#recall")).to_contain_text("bruno@example.org")
    expect(page.locator("#recall")).not_to_contain_text("Nadia Roy")
    page.screenshot(path=artifacts / f"recall-{screen}.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    saved = artifacts / f"recall-{screen}.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert sorted(row["Client"] for row in rows) == ["Bruno Petit", "Claire Martin"]
    assert {row["Lot"] for row in rows} == {"HA2311-B"}
    assert AuditEvent.objects.filter(action="export", organisation=org).exists()

    page.locator("#recall").get_by_role("link", name="Claire Martin").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Handout for the client (PDF)").click()
    pdf = artifacts / f"clinic-handout-{screen}.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    png = artifacts / f"clinic-handout-{screen}"
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png)],
                   check=True, timeout=120)
    assert Image.open(f"{png}.png").size[0] > 300  # page 1 drawn: looked at in test-artifacts/
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    assert "Claire Martin" in text or "Your mesoplan plan" in text
    context.close()
