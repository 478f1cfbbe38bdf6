"""A clinic's CSV reports for a date range: clients, sessions, products used and reactions.

Each report is read in a fixed number of queries (a list with its parts prefetched, or one
aggregate), whatever the number of rows, and then written out row by row. Headers and words
are in the reader's language; dates are ISO (2026-12-03), times ISO with their offset, so a
spreadsheet in any language reads them. Cells come from people (names, notes, lots): each is
made safe for spreadsheets (`recall.spreadsheet_safe`).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mesoplan import services
from mesoplan.core.tracking_reactions import is_red_flag
from mesoplan.web.clinic import stock
from mesoplan.web.clinic.models import Client, ClinicReaction, ClinicSession, Organisation, ProductUse
from mesoplan.web.clinic.models.clients import FLAG_STATUSES, SEX_CHOICES
from mesoplan.web.clinic.models.sessions import PROCEDURE_CHOICES
from mesoplan.web.clinic.present import badge
from mesoplan.web.clinic.recall import spreadsheet_safe
from mesoplan.web.front import glossary
from mesoplan.web.front.display import symptom_name, zone_name

KINDS = (("clients", gettext_lazy("Clients")), ("sessions", gettext_lazy("Sessions")),
         ("products", gettext_lazy("Products used")), ("reactions", gettext_lazy("Reactions")))


@dataclass(frozen=True)
class Report:
    """A report read from the database: its header, its rows, and the clients it names (for the audit)."""

    header: list[str]
    rows: list[list[object]]
    client_ids: set[int]


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _moment(value: datetime | None) -> str:
    return timezone.localtime(value).isoformat(timespec="minutes") if value else ""


def _ingredient(ingredient: str) -> str:
    term = glossary.term("ingredient", ingredient)
    return term.name if term else ingredient


def clients(organisation: Organisation, start: date, end: date) -> Report:
    """The clients added in the range or with a session in it (one query)."""
    in_range = Q(sessions__date__range=(start, end))
    rows = (Client.objects.filter(organisation=organisation)
            .annotate(sessions_in_range=Count("sessions", filter=in_range), last_session=Max("sessions__date"))
            .filter(Q(created_at__date__range=(start, end)) | Q(sessions_in_range__gt=0)).order_by("name", "id"))
    sexes, languages = dict(SEX_CHOICES), dict(settings.LANGUAGES)
    header = [_("Client"), _("Date of birth"), _("Sex"), _("Email"), _("Phone"), _("Language"), _("Added on"),
              _("Sessions in the period"), _("Last session"), _("Verdict"), _("Record id")]
    found = list(rows)
    return Report(header, [
        [c.name, _day(c.birth_date), sexes.get(c.sex, ""), c.email, c.phone, languages.get(c.language, ""),
         _day(timezone.localtime(c.created_at).date()), c.sessions_in_range, _day(c.last_session),
         (found_badge.text if (found_badge := badge(c.verdict)) else ""), c.record_id] for c in found],
        {c.pk for c in found})


def sessions(organisation: Organisation, start: date, end: date) -> Report:
    """The sessions dated in the range, with zones and products (three queries)."""
    found = list(ClinicSession.objects.filter(client__organisation=organisation, date__range=(start, end))
                 .select_related("client", "location", "consent_signature").prefetch_related("zones", "products")
                 .order_by("date", "client__name", "id"))
    knowledge, procedures = services.knowledge(), dict(PROCEDURE_CHOICES)
    header = [_("Session date"), _("Client"), _("Date of birth"), _("Procedure"), _("Zones"), _("Practitioner"),
              _("Location"), _("Products (lot)"), _("Signed at"), _("Signed by"), _("Consent version")]
    rows: list[list[object]] = []
    for s in found:
        zones = "; ".join(zone_name(z.zone, knowledge) for z in s.zones.all())
        products = "; ".join(f"{p.product_name or _ingredient(p.ingredient)} ({p.lot or '—'})"
                             for p in s.products.all())
        consent = s.consent_signature.version if s.consent_signature is not None else ""
        rows.append([_day(s.date), s.client.name, _day(s.client.birth_date), procedures.get(s.procedure, s.procedure),
                     zones, s.practitioner_name, s.location.name if s.location else "", products,
                     _moment(s.signed_at), s.signed_by_name, consent])
    return Report(header, rows, {s.client_id for s in found})


def products(organisation: Organisation, start: date, end: date) -> Report:
    """Each product and lot used in the range: how many uses, the first and last day, and the lot's stock
    today (received, left) where its delivery was recorded (three queries)."""
    in_stock = {line.lot.strip().upper(): line for line in stock.lots(organisation)}
    found = (ProductUse.objects.filter(session__client__organisation=organisation, session__date__range=(start, end))
             .values("product_name", "ingredient", "lot", "expiry")
             .annotate(uses=Count("id"), clients=Count("session__client", distinct=True), first=Min("session__date"),
                       last=Max("session__date"))
             .order_by("product_name", "ingredient", "lot", "expiry"))
    header = [_("Product"), _("Ingredient"), _("Lot"), _("Expiry"), _("Uses in the period"), _("Clients"),
              _("First use"), _("Last use"), _("Received"), _("Left")]
    rows: list[list[object]] = []
    for p in found:
        line = in_stock.get(str(p["lot"]).strip().upper()) if p["lot"] else None
        received, left = (line.received, line.left) if line is not None else (None, None)
        rows.append([p["product_name"], _ingredient(p["ingredient"]), p["lot"], _day(p["expiry"]), p["uses"],
                     p["clients"], _day(p["first"]), _day(p["last"]), received, left])
    return Report(header, rows, set())


def reactions(organisation: Organisation, start: date, end: date) -> Report:
    """The reactions noticed in the range (one query)."""
    found = list(ClinicReaction.objects.filter(client__organisation=organisation, date__range=(start, end))
                 .select_related("client", "session").order_by("date", "client__name", "id"))
    knowledge, flags = services.knowledge(), dict(FLAG_STATUSES)
    header = [_("Date noticed"), _("Client"), _("Date of birth"), _("What the client noticed"), _("Severity (1–5)"),
              _("After the session of"), _("Red flag follow-up"), _("Doctor seen on"), _("Notes")]
    return Report(header, [
        [_day(r.date), r.client.name, _day(r.client.birth_date), symptom_name(r.symptom, knowledge), r.severity,
         _day(r.session.date if r.session else None), flags.get(r.flag_status, r.flag_status)
         if r.symptom in knowledge.side_effects and is_red_flag(r.symptom, r.severity, knowledge) else "",
         _day(r.flag_seen_on), r.notes] for r in found], {r.client_id for r in found})


READERS: dict[str, Callable[[Organisation, date, date], Report]] = {
    "clients": clients, "sessions": sessions, "products": products, "reactions": reactions}


def read(kind: str, organisation: Organisation, start: date, end: date) -> Report:
    """The report `kind` (a key of `READERS`), every cell already text in the active language: the rows
    are written out after the view returns, when the request's language is no longer active."""
    report = READERS[kind](organisation, start, end)
    return Report([str(h) for h in report.header], [["" if c is None else str(c) for c in row] for row in report.rows],
                  report.client_ids)


class _Line:
    """A file-like object that hands back what csv writes, so that each row is sent as it is made."""

    def write(self, value: str) -> str:
        return value


def csv_lines(report: Report) -> Iterator[str]:
    """The report as CSV text, line by line: a byte-order mark first (so that a spreadsheet reads the
    accents and Cyrillic as UTF-8), every cell made safe."""
    writer = csv.writer(_Line())
    yield "\ufeff"
    yield writer.writerow([spreadsheet_safe(h) for h in report.header])
    for row in report.rows:
        yield writer.writerow([spreadsheet_safe(cell) for cell in row])

