"""A clinic client's language for messages and handouts is kept on the client (decisions item 5)."""

from __future__ import annotations

import pytest
from clinic_world import Side
from django.test import Client as Browser

from mesoplan.web.clinic.models import Client

pytestmark = pytest.mark.django_db


def test_the_front_desk_records_the_language_a_client_reads(client: Browser, ours: Side) -> None:
    client.force_login(ours.front_desk)
    form = client.get("/clinic/clients/new/").content.decode()
    assert 'name="language"' in form and "Russian" in form
    client.post("/clinic/clients/new/", {"organisation": ours.organisation.pk, "name": "Olga", "language": "ru"})
    assert Client.objects.get(name="Olga").language == "ru"


def test_a_language_the_site_does_not_serve_is_refused_by_its_field(client: Browser, ours: Side) -> None:
    client.force_login(ours.front_desk)
    page = client.post("/clinic/clients/new/", {"organisation": ours.organisation.pk, "name": "Olga",
                                                "language": "xx"}).content.decode()
    assert "Select a valid choice" in page.split('id="field-language"')[1].split("</div>")[0]
    assert not Client.objects.filter(name="Olga").exists()
