"""Before/after across a clinic client's sessions: two photos of one zone side by side (clinical staff).

By default the earliest photo of the zone (a "before" one if there is one) on the left and the
latest other one (an "after" or "progress" one if there is one) on the right; either may be chosen
among the zone's photos. Photos without a zone compare among themselves. Audited as a view."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mesoplan import services
from mesoplan.web.clinic.models import ClinicPhoto
from mesoplan.web.clinic.views.common import client_for
from mesoplan.web.front.display import zone_name


def _chosen(photos: list[ClinicPhoto], value: str) -> ClinicPhoto | None:
    if not value:
        return None
    found = next((p for p in photos if str(p.pk) == value), None)
    if found is None:  # not a photo of this client and zone: nothing to show, and nothing said about others
        raise Http404
    return found


@require_GET
@login_required
def photo_compare(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_for(request, pk, "see_clinical", page="photo comparison")
    every = list(ClinicPhoto.objects.filter(client=client).select_related("session").order_by("taken_on", "id"))
    knowledge = services.knowledge()
    zones = {p.zone: (zone_name(p.zone, knowledge) if p.zone else "") for p in every}
    zone = request.GET.get("zone", next(iter(zones), ""))
    if zone not in zones and every:
        raise Http404
    photos = [p for p in every if p.zone == zone]
    left = _chosen(photos, request.GET.get("a", "")) or next(
        (p for p in photos if p.kind == "before"), photos[0] if photos else None)
    others = [p for p in photos if p != left]
    right = _chosen(photos, request.GET.get("b", "")) or next(
        (p for p in reversed(others) if p.kind in ("after", "progress")), others[-1] if others else None)
    return render(request, "clinic/photo_compare.html", {
        "client": client, "zones": sorted(zones.items(), key=lambda z: z[1]), "zone": zone, "photos": photos,
        "left": left, "right": right})
