"""Builders for the clinic tests: clinics, members in each role, clients with an intake, consents, sessions."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.utils import timezone
from web_builders import image_bytes, person

from mesoplan.web.clinic import appointments, charting, clients, consent
from mesoplan.web.clinic.models import (
    Appointment,
    Client,
    ClinicPhoto,
    ClinicSession,
    ConsentText,
    Location,
    Membership,
    Organisation,
)

CONSENT_TEXT = "Microneedling makes small wounds in the skin. Redness for a few days is expected."


def today() -> date:
    return timezone.localdate()


def clinic(name: str = "Clinic A", location: str = "Main street") -> Organisation:
    organisation = Organisation.objects.create(name=name)
    Location.objects.create(organisation=organisation, name=location)
    return organisation


def member(organisation: Organisation, role: str, username: str, **names: str) -> User:
    user = person(username)
    if names:
        User.objects.filter(pk=user.pk).update(**names)
        user.refresh_from_db()
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def clinic_intake(**fields: Any) -> dict[str, Any]:
    """A clinic intake starting a week ago: forehead and cheeks, a professional pen."""
    data: dict[str, Any] = {"setting": "clinic", "start": (today() - timedelta(days=7)).isoformat(),
                            "zones": ["forehead", "cheeks"], "goals": ["texture"]}
    return {**data, **fields}


def client_of(organisation: Organisation, name: str = "Maria Lopez", *, by: User | None = None,
              intake: dict[str, Any] | None = None, user: User | None = None, **fields: Any) -> Client:
    row = Client.objects.create(organisation=organisation, name=name, user=user, **fields)
    staff = by or Membership.objects.filter(organisation=organisation).first().user  # type: ignore[union-attr]
    if intake is not False:
        clients.set_intake(row, intake or clinic_intake(), staff, timezone.now())
    return row


def published(organisation: Organisation, by: User, procedure: str = "microneedling",
              text: str = CONSENT_TEXT) -> ConsentText:
    return consent.publish(organisation, procedure, text, by)


def signed_consent(row: Client, text: ConsentText, by: User) -> None:
    consent.sign(row, text, row.name, by, timezone.now())


def chart(row: Client, practitioner: User, *, day: date | None = None, zones: tuple[str, ...] = ("forehead",),
          notes: str = "", lot: str = "LOT-1", procedure: str = "microneedling") -> ClinicSession:
    lines = [charting.ZoneLine(z, "professional_pen", Decimal("0.5"), 3) for z in zones]
    products = [charting.ProductLine("hyaluronic_acid", "Hyal 2 %", lot, today() + timedelta(days=200))]
    location = Location.objects.filter(organisation=row.organisation).first()
    return charting.save(row, charting.Chart(day or today() - timedelta(days=1), procedure, location, practitioner,
                                             "lidocaine 5 % cream", notes, lines, products), practitioner)


def signed_session(row: Client, practitioner: User, **kwargs: Any) -> ClinicSession:
    session = chart(row, practitioner, **kwargs)
    if not consent.is_current(row, session.procedure):
        text = consent.latest_text(row.organisation_id, session.procedure) or published(row.organisation,
                                                                                       practitioner)
        signed_consent(row, text, practitioner)
    charting.sign(session, practitioner, timezone.now())
    session.refresh_from_db()
    return session


def clinic_photo(session: ClinicSession, by: User, caption: str = "") -> ClinicPhoto:
    return ClinicPhoto.objects.create(client=session.client, session=session, uploaded_by=by, kind="before",
                                      taken_on=session.date, caption=caption,
                                      image=ContentFile(image_bytes(), name="p.jpg"))


def booked(row: Client, practitioner: User, *, day: date | None = None, at: time = time(10),
           minutes: int = 60) -> Appointment:
    """An appointment of the client with the practitioner (tomorrow at 10:00 unless told), at the first location."""
    start = timezone.make_aware(datetime.combine(day or today() + timedelta(days=1), at))
    location = Location.objects.filter(organisation=row.organisation).first()
    assert location is not None
    slot = appointments.Slot(start, minutes, practitioner, location)
    return appointments.book(row, [appointments.Wanted(slot)], practitioner)[0]
