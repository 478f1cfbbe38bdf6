"""Who received a lot: the product uses of one clinic that carry a lot number, for a recall.

A lot is matched as staff type it from a supplier's notice: spaces around it and the case
of letters do not matter ("ha2311-b " finds HA2311-B). Only the clinic's own sessions are
searched; another clinic's use of the same lot is theirs to recall.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from mesoplan.web.clinic.models import Organisation, ProductUse

# A spreadsheet runs a cell that starts with one of these as a formula: such cells get a quote first.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class LotUse:
    """One use of the lot: on whom, when, by whom, and what exactly."""

    client_id: int
    client_name: str
    birth_date: date | None
    email: str
    phone: str
    session_id: int
    session_date: date
    practitioner: str
    signed: bool
    product_name: str
    ingredient: str
    lot: str
    expiry: date | None


def normalised(lot: str) -> str:
    return lot.strip()


def uses_of_lot(organisation: Organisation, lot: str) -> list[LotUse]:
    """Every use of `lot` in the clinic's sessions, newest session first; none for a blank lot."""
    wanted = normalised(lot)
    if not wanted:
        return []
    rows = (ProductUse.objects.filter(session__client__organisation=organisation, lot__iexact=wanted)
            .select_related("session__client").order_by("-session__date", "session__client__name", "id"))
    return [LotUse(row.session.client_id, row.session.client.name, row.session.client.birth_date,
                   row.session.client.email, row.session.client.phone, row.session_id, row.session.date,
                   row.session.practitioner_name, row.session.signed_at is not None, row.product_name,
                   row.ingredient, row.lot, row.expiry) for row in rows]


def spreadsheet_safe(value: object) -> str:
    """A cell's text that a spreadsheet shows as text, never runs: names and lots come from people."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_rows(uses: Iterable[LotUse], header: list[str]) -> Iterator[list[str]]:
    yield header
    for use in uses:
        yield [spreadsheet_safe(v) for v in (
            use.lot, use.product_name, use.ingredient, use.expiry.isoformat() if use.expiry else "",
            use.session_date.isoformat(), use.practitioner, use.client_name,
            use.birth_date.isoformat() if use.birth_date else "", use.email, use.phone)]
