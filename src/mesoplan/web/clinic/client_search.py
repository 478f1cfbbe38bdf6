"""What the client list's search box finds: a name, an email, a phone number, a birth date or a lot.

One box, as staff type what they have in hand: "martin", "06 12 34 56 78", "12/05/1990" or the
lot from a supplier's notice. It stays one query with the list, whatever matched (the lot is a
subquery). A lot is looked for only in the clinics where the person sees the clinical record:
who received a product is clinical, so the front desk's search never reveals it.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils import formats

from mesoplan.web.clinic.models import Client, ProductUse

PHONE_MARKS = (" ", "-", ".", "(", ")", "+", "/")  # what people write between a phone number's digits
MIN_PHONE_DIGITS = 4  # fewer digits would match most numbers
_PHONE_LIKE = re.compile(r"[\d\s+\-.()/]+")


def birth_date(query: str) -> date | None:
    """The query as a date in ISO or as the reader's language writes dates (four-digit years only:
    "12/05/60" could be 1960 or 2060)."""
    for pattern in ("%Y-%m-%d", *formats.get_format("DATE_INPUT_FORMATS"), "%d %B %Y"):
        if "%y" in pattern:
            continue
        try:
            return datetime.strptime(query, pattern).date()
        except ValueError:
            continue
    return None


def phone_digits(query: str) -> str:
    """The digits of a query that looks like a phone number, without a leading trunk 0 (so that the French
    "06 12 34 56 78" finds "+33 6 12 34 56 78"); "" for anything else."""
    if not _PHONE_LIKE.fullmatch(query):
        return ""
    digits = re.sub(r"\D", "", query).lstrip("0")
    return digits if len(digits) >= MIN_PHONE_DIGITS else ""


def _stored_digits() -> Replace:
    expression: Replace | str = "phone"
    for mark in PHONE_MARKS:
        expression = Replace(expression, Value(mark), Value(""))
    assert isinstance(expression, Replace)
    return expression


def search(clients: QuerySet[Client], query: str, clinical: list[int]) -> QuerySet[Client]:
    """The clients among `clients` that `query` finds, each annotated `received_lot` (found by the lot).

    `clinical`: the ids of the clinics where the reader sees the clinical record (lots are searched there only).
    """
    lot_used = ProductUse.objects.filter(session__client=OuterRef("pk"), session__client__organisation__in=clinical,
                                         lot__iexact=query.strip())
    found = Q(name__icontains=query) | Q(email__icontains=query) | Q(received_lot=True)
    day = birth_date(query)
    if day is not None:
        found |= Q(birth_date=day)
    elif digits := phone_digits(query):
        clients = clients.annotate(phone_digits=_stored_digits())
        found |= Q(phone_digits__contains=digits)
    return clients.annotate(received_lot=Exists(lot_used)).filter(found)
