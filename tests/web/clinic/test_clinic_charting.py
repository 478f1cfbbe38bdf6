"""Charting on the page: zone rows, products with lots, repeat the last session, draft changes, warnings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from chart_posts import chart_post
from clinic_builders import client_of, clinic_intake, today
from clinic_world import Side
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as Browser
from web_builders import image_bytes

from mesoplan.web.clinic.models import ClinicSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def dora(client: Browser, ours: Side) -> Browser:
    client.force_login(ours.practitioner)
    return client


def _new(ours: Side) -> str:
    return f"/clinic/clients/{ours.client.pk}/sessions/new/"


def test_a_charted_session_keeps_every_zone_row_and_the_lot(dora: Browser, ours: Side) -> None:
    response = dora.post(_new(ours), chart_post(ours, **{"zone-cheeks-needle_mm": "1", "zone-cheeks-passes": "4"}))
    session = ClinicSession.objects.filter(client=ours.client).order_by("-pk").first()
    assert response.status_code == 302 and response["Location"] == f"/clinic/sessions/{session.pk}/"
    assert [(z.zone, str(z.needle_mm), z.passes) for z in session.zones.all()] == [
        ("forehead", "0.50", 3), ("cheeks", "1.00", 4)]
    assert [(p.ingredient, p.lot) for p in session.products.all()] == [("hyaluronic_acid", "L-77")]
    assert session.practitioner_name == "Dora Lee" and not session.is_signed


def test_ticking_a_zone_without_javascript_shows_its_row_filled_from_the_screening(dora: Browser, ours: Side) -> None:
    data = chart_post(ours, zones=("forehead",))
    data |= {"zones": ["forehead", "chin"], "refresh": "1"}
    del data["save"]
    html = dora.post(_new(ours), data).content.decode()
    assert 'id="row-chin"' in html and 'name="zone-chin-needle_mm"' in html
    assert 'name="zone-chin-device_kind"' in html and "suggested" in html


def test_saving_with_a_zone_whose_row_was_never_shown_asks_for_it(dora: Browser, ours: Side) -> None:
    before = ClinicSession.objects.count()
    data = chart_post(ours, zones=("forehead",))
    data["zones"] = ["forehead", "chin"]
    response = dora.post(_new(ours), data)
    assert response.status_code == 200 and "Fill in the device, needle and passes" in response.content.decode()
    assert ClinicSession.objects.count() == before


@pytest.mark.parametrize(("field", "value", "message"), [
    ("products-0-lot", "", "Give the lot number"),
    ("products-0-expiry", (today() - timedelta(days=30)).isoformat(), "had expired by the day of the session"),
    ("zone-forehead-needle_mm", "", "Give the needle length"),
    ("zone-forehead-device_kind", "electroporation", "has no needles"),
    ("date", (today() + timedelta(days=3)).isoformat(), "in the future"),
])
def test_a_charting_mistake_is_named_next_to_its_field(dora: Browser, ours: Side, field: str, value: str,
                                                      message: str) -> None:
    before = ClinicSession.objects.count()
    response = dora.post(_new(ours), chart_post(ours, **{field: value}))
    assert response.status_code == 200 and message in response.content.decode()
    assert ClinicSession.objects.count() == before


def test_add_another_product_adds_a_row_and_saves_nothing(dora: Browser, ours: Side) -> None:
    before = ClinicSession.objects.count()
    data = chart_post(ours, add="products")
    del data["save"]
    html = dora.post(_new(ours), data).content.decode()
    assert 'name="products-1-lot"' in html and ClinicSession.objects.count() == before


def test_repeat_the_last_session_fills_in_zones_rows_and_products_but_not_the_lot(dora: Browser, ours: Side) -> None:
    last = ours.client.sessions.first()  # the draft: cheeks
    html = dora.get(_new(ours) + "?repeat=1").content.decode()
    assert "Filled in from the session of" in html
    assert 'id="row-cheeks"' in html and 'name="zone-cheeks-needle_mm" value="0.5"' in html
    assert 'value="professional_pen" selected' in html
    assert 'name="products-0-product_name" value="Hyal 2 %"' in html
    assert "LOT" not in html.split('id="rows-products"')[1].split("</fieldset>")[0]
    assert last.zones.get().zone == "cheeks"


def test_changing_a_draft_replaces_its_lines(dora: Browser, ours: Side) -> None:
    response = dora.post(f"/clinic/sessions/{ours.draft.pk}/edit/", chart_post(ours, zones=("forehead",), notes="new"))
    assert response.status_code == 302
    ours.draft.refresh_from_db()
    assert ours.draft.notes == "new" and [z.zone for z in ours.draft.zones.all()] == ["forehead"]


def test_a_signed_session_cannot_be_changed_through_the_form(dora: Browser, ours: Side) -> None:
    response = dora.post(f"/clinic/sessions/{ours.session.pk}/edit/", chart_post(ours, notes="rewritten"))
    assert response.status_code == 302 and response["Location"] == f"/clinic/sessions/{ours.session.pk}/"
    ours.session.refresh_from_db()
    assert ours.session.notes == "signed notes"
    assert "Change" not in dora.get(f"/clinic/sessions/{ours.session.pk}/").content.decode().split("<main")[1] \
        .split('id="charted"')[0]


def test_a_lidocaine_allergy_from_the_screening_is_shown_by_the_anaesthetic(dora: Browser, ours: Side) -> None:
    allergic = client_of(ours.organisation, "Lea", intake=clinic_intake(allergies=["lidocaine"]))
    html = dora.get(f"/clinic/clients/{allergic.pk}/sessions/new/").content.decode()
    assert 'id="anaesthetic-warning"' in html and "allergic to lidocaine" in html
    assert 'id="anaesthetic-warning"' not in dora.get(_new(ours)).content.decode()


def test_the_practitioner_defaults_to_whoever_charts(dora: Browser, ours: Side) -> None:
    html = dora.get(_new(ours)).content.decode()
    assert f'<option value="{ours.practitioner.pk}" selected>Dora Lee</option>' in html


def test_before_and_after_photos_come_with_the_charting_form(dora: Browser, ours: Side) -> None:
    photos = {"before_photo": SimpleUploadedFile("b.png", image_bytes("PNG"), "image/png"),
              "after_photo": SimpleUploadedFile("a.jpg", image_bytes(exif=True), "image/jpeg")}
    dora.post(_new(ours), {**chart_post(ours), **photos})
    session = ClinicSession.objects.filter(client=ours.client).order_by("-pk").first()
    assert sorted(p.kind for p in session.photos.all()) == ["after", "before"]
    assert all(p.taken_on == session.date for p in session.photos.all())
