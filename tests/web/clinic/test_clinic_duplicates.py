"""A new client with the name and date of birth (or the email) of one already on file is not saved
silently: the form says who it may be, and saves once the person confirms it is someone else."""

from __future__ import annotations

from datetime import date

import pytest
from clinic_builders import client_of
from clinic_world import Side
from django.test import Client as Browser

from mesoplan.web.clinic.models import Client

pytestmark = pytest.mark.django_db


def _new(desk: Browser, **fields: str) -> str:
    organisation = Client.objects.get(name="Client a").organisation_id  # clinic A's own client
    data = {"organisation": str(organisation), "name": "maria  lopez", "birth_date": "1990-03-01", "sex": "female",
            "email": "", "phone": ""}
    response = desk.post("/clinic/clients/new/", data | fields)
    return response.content.decode() if response.status_code == 200 else response["Location"]


@pytest.fixture
def desk(client: Browser, ours: Side) -> Browser:
    client_of(ours.organisation, "Maria Lopez", birth_date=date(1990, 3, 1), email="maria@example.org")
    client.force_login(ours.front_desk)
    return client


def test_the_same_name_and_birth_date_is_warned_about_before_saving(desk: Browser) -> None:
    page = _new(desk)
    assert "This may be a client already on file: Maria Lopez (born 1 March 1990)." in page
    assert 'type="checkbox" name="another_person"' in page
    assert Client.objects.filter(name__iexact="maria lopez").count() == 1


def test_the_same_email_is_warned_about_too(desk: Browser) -> None:
    assert "This may be a client already on file" in _new(desk, name="M. Lopez-Garcia", birth_date="",
                                                          email="MARIA@example.org")


def test_it_is_another_person_saves_the_new_client(desk: Browser) -> None:
    assert _new(desk, another_person="on").startswith("/clinic/clients/")
    assert Client.objects.filter(name__iexact="maria lopez").count() == 2


def test_a_different_birth_date_is_no_duplicate(desk: Browser) -> None:
    assert _new(desk, birth_date="1991-03-01").startswith("/clinic/clients/")


def test_a_client_of_another_clinic_is_never_named(client: Browser, ours: Side, theirs: Side) -> None:
    client_of(theirs.organisation, "THEIRS-Maria", birth_date=date(1990, 3, 1))
    client.force_login(ours.front_desk)
    assert _new(client, name="THEIRS-Maria").startswith("/clinic/clients/")
