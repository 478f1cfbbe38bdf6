"""Before and after across a clinic client's sessions: two photos of one zone side by side, for clinical staff."""

from __future__ import annotations

from datetime import timedelta

import pytest
from clinic_builders import chart, today
from clinic_world import Side
from django.core.files.base import ContentFile
from django.test import Client as Browser
from web_builders import image_bytes

from mesoplan.web.clinic.models import AuditEvent, ClinicPhoto, ClinicSession

pytestmark = pytest.mark.django_db


def _photo(session: ClinicSession, kind: str, zone: str, caption: str) -> ClinicPhoto:
    return ClinicPhoto.objects.create(client=session.client, session=session, kind=kind, zone=zone, caption=caption,
                                      taken_on=session.date, image=ContentFile(image_bytes("JPEG"), name="p.jpg"))


@pytest.fixture
def photos(ours: Side) -> dict[str, ClinicPhoto]:
    first = chart(ours.client, ours.practitioner, day=today() - timedelta(days=60), zones=("forehead",))
    second = chart(ours.client, ours.practitioner, day=today() - timedelta(days=20), zones=("forehead",))
    return {"before": _photo(first, "before", "forehead", "forehead before"),
            "progress": _photo(first, "after", "forehead", "forehead right after"),
            "after": _photo(second, "after", "forehead", "forehead six weeks on"),
            "cheeks": _photo(second, "before", "cheeks", "cheeks before")}


def _url(side: Side) -> str:
    return f"/clinic/clients/{side.client.pk}/photos/compare/"


def _figure(html: str, side: str) -> str:
    return html.split(f'<figure id="{side}">')[1].split("</figure>")[0]


def test_the_first_before_and_the_latest_after_of_a_zone_are_side_by_side(
        client: Browser, ours: Side, photos: dict[str, ClinicPhoto]) -> None:
    client.force_login(ours.practitioner)
    html = client.get(_url(ours), {"zone": "forehead"}).content.decode()
    left, right = _figure(html, "left"), _figure(html, "right")
    assert f"/clinic/photos/{photos['before'].pk}/image/" in left and "forehead before" in left
    assert f"/clinic/photos/{photos['after'].pk}/image/" in right and "forehead six weeks on" in right
    assert "session of" not in right  # taken on the session's day: the day is said once
    assert "cheeks before" not in html  # another zone's photo is not offered


def test_any_two_photos_of_the_zone_can_be_chosen(client: Browser, ours: Side, photos: dict[str, ClinicPhoto]) -> None:
    client.force_login(ours.admin)
    html = client.get(_url(ours), {"zone": "forehead", "a": photos["progress"].pk, "b": photos["before"].pk}
                      ).content.decode()
    assert "forehead right after" in _figure(html, "left") and "forehead before" in _figure(html, "right")


def test_a_photo_taken_another_day_names_its_session(client: Browser, ours: Side) -> None:
    session = chart(ours.client, ours.practitioner, day=today() - timedelta(days=30))
    ClinicPhoto.objects.create(client=ours.client, session=session, kind="after", zone="chin",
                               taken_on=session.date + timedelta(days=7),
                               image=ContentFile(image_bytes("JPEG"), name="p.jpg"))
    client.force_login(ours.practitioner)
    assert "session of" in _figure(client.get(_url(ours), {"zone": "chin"}).content.decode(), "left")


def test_a_zone_with_one_photo_says_so(client: Browser, ours: Side, photos: dict[str, ClinicPhoto]) -> None:
    client.force_login(ours.practitioner)
    html = client.get(_url(ours), {"zone": "cheeks"}).content.decode()
    assert "cheeks before" in _figure(html, "left") and "Only one photo of this zone so far." in html


def test_the_comparison_is_audited_and_linked_from_the_client(
        client: Browser, ours: Side, photos: dict[str, ClinicPhoto]) -> None:
    client.force_login(ours.practitioner)
    assert _url(ours) in client.get(f"/clinic/clients/{ours.client.pk}/").content.decode()
    client.get(_url(ours))
    assert AuditEvent.objects.filter(client=ours.client, action="view", detail="photo comparison").exists()


def test_a_photo_of_another_client_or_zone_is_not_found(
        client: Browser, ours: Side, theirs: Side, photos: dict[str, ClinicPhoto]) -> None:
    client.force_login(ours.practitioner)
    assert client.get(_url(ours), {"zone": "forehead", "a": theirs.photo.pk}).status_code == 404
    assert client.get(_url(ours), {"zone": "forehead", "a": photos["cheeks"].pk}).status_code == 404
    assert client.get(_url(ours), {"zone": "chin"}).status_code == 404


def test_the_front_desk_cannot_and_another_clinic_finds_nothing(
        client: Browser, ours: Side, theirs: Side, photos: dict[str, ClinicPhoto]) -> None:
    client.force_login(ours.front_desk)
    assert client.get(_url(ours)).status_code == 403
    client.force_login(theirs.admin)
    assert client.get(_url(ours)).status_code == 404
