"""Errors of the clinic's records, under mesoplan's one root error."""

from __future__ import annotations

from mesoplan.errors import MesoplanError


class LockedRecordError(MesoplanError):
    """A write to something a signature or the audit trail has fixed for good (a signed session, a
    published consent text, a signature, an amendment, an audit event)."""


class SigningRefusedError(MesoplanError):
    """A session cannot be signed yet (no current consent, already signed): the message says why."""


class BookingRefusedError(MesoplanError):
    """One or more bookings asked together were refused; nothing of them was stored.

    `refusals` holds one `appointments.Refusal` per booking that cannot be made (the others
    could, but a plan is booked whole or not at all).
    """

    def __init__(self, refusals: tuple[object, ...]) -> None:
        self.refusals = refusals
        super().__init__("the booking was refused")
