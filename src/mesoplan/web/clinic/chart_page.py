"""The charting page's forms: built from a POST, a session being changed, or the last session repeated.

A POST does one of three things: `refresh` (the zones changed: rows for the ticked
zones, keeping what was typed; htmx sends it on every tick, and the button does it
without JavaScript), `add` (another product row), or saving, which needs every form
valid and a filled row for each zone ticked.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from mesoplan import services
from mesoplan.core.screening import ScreeningResult
from mesoplan.errors import IntakeError
from mesoplan.web.clinic import snapshot
from mesoplan.web.clinic.charting import Chart, ProductLine, ZoneLine
from mesoplan.web.clinic.forms.charting import MAX_PRODUCTS, ProductFormSet, SessionForm, ZoneRowForm
from mesoplan.web.clinic.models import Client
from mesoplan.web.front.display import BADGES, mm, reason_view, zone_name


@dataclass
class ZoneRow:
    zone: str
    name: str
    form: ZoneRowForm
    advice: str  # the screening's needle advice for the zone, if any
    verdict: str
    badge: str
    missing: bool = False  # ticked, but its row was never filled in (no JavaScript, no refresh)


@dataclass
class ChartForms:
    session: SessionForm
    rows: list[ZoneRow]
    products: Any  # ProductFormSet
    warnings: list[Any] = field(default_factory=list)  # screening reasons about the anaesthetic

    def valid(self) -> bool:
        ok = self.session.is_valid() & self.products.is_valid()
        ok &= all([row.form.is_valid() for row in self.rows])
        if any(row.missing for row in self.rows):
            self.session.add_error("zones", _("Fill in the device, needle and passes of the zones just ticked."))
            ok = False
        return ok and not self.session.errors

    def chart(self) -> Chart:
        """The checked values (call after `valid`)."""
        c = self.session.cleaned_data
        zones = [ZoneLine(r.zone, r.form.cleaned_data["device_kind"], r.form.cleaned_data.get("needle_mm"),
                          r.form.cleaned_data.get("passes")) for r in self.rows]
        products = [ProductLine(p.cleaned_data["ingredient"], p.cleaned_data.get("product_name", ""),
                                p.cleaned_data["lot"].strip(), p.cleaned_data.get("expiry"))
                    for p in self.products.forms if p.has_changed() and not p.is_empty_row()]
        photos = [(kind, c[f"{kind}_photo"]) for kind in ("before", "after") if c.get(f"{kind}_photo")]
        return Chart(c["date"], c["procedure"], c.get("location"), c["practitioner"], c.get("anaesthetic", ""),
                     c.get("notes", ""), zones, products, photos)

    def check_expiry(self) -> bool:
        """A lot that had expired by the session's day is refused (call after `valid`)."""
        day, ok = self.session.cleaned_data["date"], True
        for form in self.products.forms:
            expiry = getattr(form, "cleaned_data", {}).get("expiry")
            if expiry is not None and expiry < day:
                form.add_error("expiry", _("This lot had expired by the day of the session."))
                ok = False
        return ok


def screening_of(client: Client) -> ScreeningResult | None:
    """The client's screening (with the clinic's policy), for needle advice and warnings; None without a
    usable intake."""
    if not client.intake:
        return None
    kb, _version = snapshot.knowledge_in_force(client.organisation_id)
    with suppress(IntakeError):
        return services.screen_intake(services.parse_intake(client.intake, today=client.intake_taken_on), kb)
    return None


def _advice(result: ScreeningResult | None, zone: str) -> tuple[str, str, str]:
    """The zone's needle advice, verdict and verdict badge from the screening ("" when it has none)."""
    z = result.zones.get(zone) if result else None
    if z is None:
        return "", "", ""
    badge = str(BADGES[z.verdict])
    if z.needle is None:
        return "", z.verdict, badge
    return _("up to %(max)s mm, %(suggested)s suggested") % {
        "max": mm(z.needle.max_mm), "suggested": mm(z.needle.suggested_mm)}, z.verdict, badge


def _defaults(zone: str, result: ScreeningResult | None, template: dict[str, Any]) -> dict[str, Any]:
    initial = dict(template)
    z = result.zones.get(zone) if result else None
    if "needle_mm" not in initial and z is not None and z.needle is not None:
        initial["needle_mm"] = Decimal(str(z.needle.suggested_mm))
    return initial


def lines_for(client: Client, zones: list[str]) -> list[ZoneLine]:
    """Zone rows for a session booked on `zones`: the intake's device and the needle suggested."""
    result = screening_of(client)
    device = (client.intake.get("device") or {}).get("kind", "")
    rows = []
    for zone in zones:
        suggested = _defaults(zone, result, {}).get("needle_mm")
        rows.append(ZoneLine(zone, device, suggested, None))
    return rows


def build(client: Client, data: QueryDict | None, *, initial: dict[str, Any],
          lines: list[ZoneLine], products: list[dict[str, Any]], files: Any = None) -> ChartForms:
    """The forms for a GET (from `initial`, `lines`, `products`) or a POST (`data`, `files`)."""
    kb = services.knowledge()
    result = screening_of(client)
    org = client.organisation
    if data is None:
        session = SessionForm(initial={**initial, "zones": [z.zone for z in lines]}, organisation=org)
        by_zone = {z.zone: {"device_kind": z.device_kind, "needle_mm": z.needle_mm, "passes": z.passes} for z in lines}
        rows = [_row(z.zone, None, by_zone[z.zone], result, kb) for z in lines]
        formset = ProductFormSet(initial=products or None, prefix="products")
        return ChartForms(session, rows, formset, _warnings(result))
    session = SessionForm(data, files, organisation=org)
    chosen = [z for z in kb.zones if z in data.getlist("zones")]  # the knowledge base's order
    posted = [z for z in chosen if f"zone-{z}-device_kind" in data]
    template = {k: data.get(f"zone-{posted[0]}-{k}") for k in ("device_kind", "passes")} if posted else {}
    if not posted and result is not None and client.intake.get("device"):
        template = {"device_kind": client.intake["device"].get("kind")}
    saving = "refresh" not in data and data.get("add") is None
    rows = []
    for zone in chosen:
        bound = zone in posted
        rows.append(_row(zone, data if bound else None, _defaults(zone, result, template), result, kb,
                         missing=saving and not bound))
    formset = ProductFormSet(_with_added_row(data), prefix="products")
    return ChartForms(session, rows, formset, _warnings(result))


def _row(zone: str, data: QueryDict | None, initial: dict[str, Any], result: ScreeningResult | None, kb: Any,
         missing: bool = False) -> ZoneRow:
    form = ZoneRowForm(data, prefix=f"zone-{zone}", initial=initial)
    return ZoneRow(zone, zone_name(zone, kb), form, *_advice(result, zone), missing=missing)


def _with_added_row(data: QueryDict) -> QueryDict:
    if data.get("add") != "products":
        return data
    data = data.copy()
    with suppress(ValueError):  # a broken count: the formset reports it itself
        data["products-TOTAL_FORMS"] = str(min(int(data.get("products-TOTAL_FORMS", "0")) + 1, MAX_PRODUCTS))
    return data


def _warnings(result: ScreeningResult | None) -> list[Any]:
    """The screening's reasons about anaesthetics (an allergy to lidocaine), shown by that field."""
    if result is None:
        return []
    kb = services.knowledge()
    return [reason_view(r, kb) for r in result.reasons if r.factor == "lidocaine"]
