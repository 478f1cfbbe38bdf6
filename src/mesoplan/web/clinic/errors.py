"""Errors of the clinic's records, under mesoplan's one root error."""

from __future__ import annotations

from mesoplan.errors import MesoplanError


class LockedRecordError(MesoplanError):
    """A write to something a signature or the audit trail has fixed for good (a signed session, a
    published consent text, a signature, an amendment, an audit event)."""


class SigningRefusedError(MesoplanError):
    """A session cannot be signed yet (no current consent, already signed): the message says why."""
