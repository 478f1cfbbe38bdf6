"""The clinic's products with their lots: what was received, what the sessions used, what is left.

Used is counted from the sessions' product lines (`ProductUse`), matched to a received lot by its
lot number as the recall matches it (case and surrounding spaces ignored). A lot used in sessions
but never recorded as received is listed too, so that nothing charted is missing from the list.
Two queries, however many lots.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Max
from django.db.models.functions import Trim, Upper

from mesoplan.web.clinic.models import Organisation, ProductUse, StockLot
from mesoplan.web.front import glossary

# A lot expiring within this many days is flagged, so that it is used first or set aside. Not a clinical
# number: how far ahead a clinic's stock is checked.
EXPIRY_WARNING_DAYS = 30


@dataclass(frozen=True)
class LotLine:
    product_name: str
    ingredient: str  # its name in the active language
    lot: str
    expiry: date | None
    received: int | None  # None: no delivery of this lot was recorded
    used: int
    last_used: date | None

    @property
    def left(self) -> int | None:
        return None if self.received is None else self.received - self.used

    def state(self, today: date) -> str:
        """"expired", "expires_soon" or ""."""
        if self.expiry is None:
            return ""
        if self.expiry < today:
            return "expired"
        return "expires_soon" if self.expiry <= today + timedelta(days=EXPIRY_WARNING_DAYS) else ""


def _key(lot: str) -> str:
    return lot.strip().upper()


def _ingredient(ingredient: str) -> str:
    term = glossary.term("ingredient", ingredient)
    return term.name if term else ingredient


def lots(organisation: Organisation) -> list[LotLine]:
    """Every lot the clinic received or used, by product and lot."""
    uses = {row["key"]: row for row in (
        ProductUse.objects.filter(session__client__organisation=organisation).exclude(lot="")
        .annotate(key=Upper(Trim("lot"))).values("key")
        .annotate(uses=Count("id"), shown=Max("lot"), product=Max("product_name"), ingredient=Max("ingredient"),
                  expiry=Max("expiry"), last=Max("session__date")))}
    received: dict[str, list[StockLot]] = {}
    for row in StockLot.objects.filter(organisation=organisation):
        received.setdefault(_key(row.lot), []).append(row)
    found = []
    for key in received.keys() | uses.keys():
        rows, used = received.get(key, []), uses.get(key)
        first = rows[0] if rows else None
        found.append(LotLine(
            product_name=first.product_name if first else used["product"] if used else "",
            ingredient=_ingredient(first.ingredient if first else used["ingredient"] if used else ""),
            lot=first.lot if first else used["shown"] if used else key,
            expiry=first.expiry if first else used["expiry"] if used else None,
            received=sum(r.quantity_received for r in rows) if rows else None,
            used=used["uses"] if used else 0, last_used=used["last"] if used else None))
    return sorted(found, key=lambda line: (line.product_name.lower(), line.lot.upper()))
