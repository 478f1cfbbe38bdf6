"""The person's devices: uses counted by the core, cleaning, replacement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mesoplan import services
from mesoplan.web.diary.forms import DeviceForm
from mesoplan.web.diary.views.editing import PAGE_SIZE, RowLinks, delete_page, form_page, owned_or_404
from mesoplan.web.records.models import Device

IN_USE_FIRST = (F("retired_on").asc(nulls_first=True), "-created_at", "-id")  # a grouped query drops Meta.ordering


@login_required
def device_list(request: HttpRequest) -> HttpResponse:
    """The devices, in use first, each with its uses counted by the database (before the diary + logged)."""
    kb = services.knowledge()
    page = Paginator((Device.objects.owned_by(request.user).annotate(logged_uses=Count("sessions"))
                     .order_by(*IN_USE_FIRST)), PAGE_SIZE) \
        .get_page(request.GET.get("page"))
    links = RowLinks("diary:device_edit", "diary:device_delete")
    rows = [(d, gettext(kb.devices[d.kind].name) if d.kind in kb.devices else d.kind, d.uses_before + d.logged_uses,
             *links(d.pk)) for d in page]
    return render(request, "diary/device_list.html", {"rows": rows, "page": page})


@login_required
def device_new(request: HttpRequest) -> HttpResponse:
    return form_page(request, DeviceForm, title=_("Add a device"), success="diary:devices",
                     initial={"first_used": timezone.localdate()})


@login_required
def device_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return form_page(request, DeviceForm, title=_("Change a device"), success="diary:devices",
                     instance=owned_or_404(request, Device, pk))


@require_POST
@login_required
def device_cleaned(request: HttpRequest, pk: int) -> HttpResponse:
    device = owned_or_404(request, Device, pk)
    device.last_sanitised = timezone.localdate()
    device.save(update_fields=["last_sanitised"])
    messages.success(request, _("Noted: cleaned today."))
    return redirect("diary:devices")


@login_required
def device_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return delete_page(request, Device, pk, "diary:devices")
