"""A signed session never changes, whatever writes to it: the models and querysets refuse, not only the pages.

Likewise for what is kept as written: amendments, consent texts, signatures, audit events.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from clinic_builders import chart, clinic_photo, signed_session
from clinic_world import Side
from django.utils import timezone

from mesoplan.web.clinic import charting
from mesoplan.web.clinic.errors import LockedRecordError
from mesoplan.web.clinic.models import (
    AuditEvent,
    ClinicPhoto,
    ClinicSession,
    ConsentSignature,
    ConsentText,
    ProductUse,
    SessionAmendment,
    SessionZone,
)

pytestmark = pytest.mark.django_db


def test_saving_a_signed_session_is_refused(ours: Side) -> None:
    ours.session.notes = "rewritten"
    with pytest.raises(LockedRecordError):
        ours.session.save()
    assert ClinicSession.objects.get(pk=ours.session.pk).notes == "signed notes"


def test_a_stale_copy_of_a_signed_session_cannot_be_saved_either(ours: Side) -> None:
    stale = ClinicSession.objects.get(pk=ours.draft.pk)
    charting.sign(ours.draft, ours.practitioner, timezone.now())
    stale.notes = "changed behind the signature"
    with pytest.raises(LockedRecordError):
        stale.save()


def test_deleting_a_signed_session_is_refused_row_and_queryset(ours: Side) -> None:
    with pytest.raises(LockedRecordError):
        ours.session.delete()
    with pytest.raises(LockedRecordError):
        ClinicSession.objects.filter(client=ours.client).delete()
    assert ClinicSession.objects.filter(pk=ours.session.pk).exists()


def test_a_queryset_update_of_a_signed_session_is_refused(ours: Side) -> None:
    with pytest.raises(LockedRecordError):
        ClinicSession.objects.filter(pk=ours.session.pk).update(notes="x")


def test_the_zone_and_product_lines_of_a_signed_session_are_locked(ours: Side) -> None:
    zone = ours.session.zones.first()
    zone.needle_mm = Decimal("2.5")
    for attempt in (zone.save, zone.delete, ours.session.products.first().delete,
                    lambda: SessionZone.objects.filter(session=ours.session).update(passes=9),
                    lambda: ProductUse.objects.filter(session=ours.session).delete(),
                    lambda: SessionZone.objects.bulk_create([SessionZone(session=ours.session, zone="chin",
                                                                         device_kind="derma_pen")])):
        with pytest.raises(LockedRecordError):
            attempt()
    assert [z.needle_mm for z in ours.session.zones.all()] == [Decimal("0.50")]


def test_a_draft_can_be_changed_and_its_lines_replaced(ours: Side) -> None:
    again = chart(ours.client, ours.practitioner, zones=("forehead", "cheeks"))
    charting.save(ours.client, charting.Chart(again.date, "microneedling", None, ours.practitioner, "", "new", [
        charting.ZoneLine("cheeks", "derma_pen", Decimal("0.25"), 2)], []), ours.practitioner, again)
    again.refresh_from_db()
    assert again.notes == "new" and [z.zone for z in again.zones.all()] == ["cheeks"]


def test_a_photo_reaches_a_signed_session_only_through_an_amendment(ours: Side) -> None:
    with pytest.raises(LockedRecordError):
        clinic_photo(ours.session, ours.practitioner)
    photo = ClinicPhoto.objects.get(pk=clinic_photo(ours.draft, ours.practitioner).pk)
    charting.sign(ours.draft, ours.practitioner, timezone.now())
    with pytest.raises(LockedRecordError):
        photo.delete()


def test_an_amendment_leaves_the_session_as_signed_and_is_itself_kept_as_written(ours: Side) -> None:
    before = ClinicSession.objects.get(pk=ours.session.pk)
    amendment = charting.amend(ours.session, ours.practitioner, "Redness gone on day 3.")
    after = ClinicSession.objects.get(pk=ours.session.pk)
    assert (after.notes, after.signed_at, after.updated_at) == (before.notes, before.signed_at, before.updated_at)
    amendment.note = "rewritten"
    with pytest.raises(LockedRecordError):
        amendment.save()
    with pytest.raises(LockedRecordError):
        SessionAmendment.objects.all().delete()


@pytest.mark.parametrize("model", [ConsentText, ConsentSignature, AuditEvent])
def test_consent_texts_signatures_and_audit_events_are_kept_as_written(ours: Side, model: type) -> None:
    row = model.objects.first()
    with pytest.raises(LockedRecordError):
        row.save()
    with pytest.raises(LockedRecordError):
        row.delete()
    with pytest.raises(LockedRecordError):
        model.objects.update(pk=row.pk)


def test_a_new_signed_session_can_still_be_charted_after_one_is_signed(ours: Side) -> None:
    assert signed_session(ours.client, ours.practitioner, zones=("cheeks",)).is_signed
