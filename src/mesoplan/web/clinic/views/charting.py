"""Charting a session: new, "repeat the last session", or changing a draft. A signed session is
refused here (and by its model): it can only be amended."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mesoplan import services
from mesoplan.core.gate import Finding
from mesoplan.errors import ActionRefusedError, IntakeError
from mesoplan.web.clinic import access, appointments, chart_page, charting
from mesoplan.web.clinic.errors import LockedRecordError
from mesoplan.web.clinic.models import Appointment, Client, ClinicSession
from mesoplan.web.clinic.views.common import client_for, refused_if_signed, session_for
from mesoplan.web.front import display, gate_view
from mesoplan.web.front.errors import full_message
from mesoplan.web.front.zonemap import zone_map


@login_required
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_for(request, pk, "chart", page="charting")
    locations = list(client.organisation.locations.values_list("pk", flat=True)[:2])
    initial: dict[str, Any] = {"date": timezone.localdate(), "practitioner": request.user.pk,
                               "location": locations[0] if len(locations) == 1 else None}
    lines: list[charting.ZoneLine] = []
    products: list[dict[str, Any]] = []
    last = client.sessions.prefetch_related("zones", "products").first()
    booking = _booking(request, client)
    if booking is not None:  # charted from its appointment: its day, practitioner, place and zones
        initial |= {"date": timezone.localtime(booking.start).date(), "practitioner": booking.practitioner_id,
                    "location": booking.location_id}
        lines = chart_page.lines_for(client, list(booking.zones))
    elif request.GET.get("repeat") and last is not None:
        repeated = charting.repeat_of(last)
        lines, products = repeated.pop("zones"), repeated.pop("products")
        initial |= repeated
    return _page(request, client, None, initial, lines, products,
                 repeated=last if request.GET.get("repeat") and booking is None else None, booking=booking)


def _booking(request: HttpRequest, client: Client) -> Appointment | None:
    """The client's appointment this session is charted from (`?appointment=`, kept in the form), if any."""
    pk = request.POST.get("appointment") or request.GET.get("appointment") or ""
    if not pk.isdigit() or not 0 < int(pk) <= access.MAX_ID:
        return None
    return client.appointments.filter(pk=int(pk), session__isnull=True).first()


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk, "chart", page="charting")
    if refused := refused_if_signed(request, session):
        return refused
    initial = {"date": session.date, "procedure": session.procedure, "location": session.location_id,
               "practitioner": session.practitioner_id, "anaesthetic": session.anaesthetic, "notes": session.notes}
    lines = [charting.ZoneLine.of(z) for z in session.zones.all()]
    products = [{"ingredient": p.ingredient, "product_name": p.product_name, "lot": p.lot, "expiry": p.expiry}
                for p in session.products.all()]
    return _page(request, session.client, session, initial, lines, products)


def _page(request: HttpRequest, client: Client, session: ClinicSession | None, initial: dict[str, Any],
          lines: list[charting.ZoneLine], products: list[dict[str, Any]],
          repeated: ClinicSession | None = None, booking: Appointment | None = None) -> HttpResponse:
    forms = chart_page.build(client, request.POST if request.method == "POST" else None,
                             initial=initial, lines=lines, products=products, files=request.FILES)
    saving = request.method == "POST" and "refresh" not in request.POST and request.POST.get("add") is None
    refused: dict[str, Any] = {}
    if saving and forms.valid() and forms.check_expiry():
        try:
            saved = charting.save(client, forms.chart(), request.user, session)
            if booking is not None:
                appointments.charted(booking, saved)
        except LockedRecordError as error:  # signed by someone else while this form was open
            messages.error(request, str(error))
            return redirect("clinic:client_detail", pk=client.pk)
        except ActionRefusedError as error:
            refused = {"gate": gate_view.finding_views(f for f in error.findings if isinstance(f, Finding))}
        except IntakeError as error:
            refused = {"gate_problem": full_message(error)}
        else:
            messages.success(request, _("Session saved. Add photos, then sign it."))
            return redirect("clinic:session_detail", pk=saved.pk)
    return _render(request, client, session, forms, repeated, {**refused, "booking": booking})


def _render(request: HttpRequest, client: Client, session: ClinicSession | None, forms: chart_page.ChartForms,
            repeated: ClinicSession | None, refused: dict[str, Any] | None = None) -> HttpResponse:
    kb = services.knowledge()
    names = {z: display.zone_name(z, kb) for z in kb.zones}
    chosen = frozenset(row.zone for row in forms.rows)
    return render(request, "clinic/chart_form.html", {
        "client": client, "session": session, "forms": forms, "repeated": repeated,
        "map_views": zone_map(names, selected=chosen), "gate": None, **(refused or {}),
        "title": _("Change the session") if session else _("Chart a session"),
    })
