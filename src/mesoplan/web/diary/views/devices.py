"""The person's devices: uses counted by the core, cleaning, replacement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mesoplan import services
from mesoplan.web.diary.forms import DeviceForm
from mesoplan.web.diary.views.editing import delete_page, form_page, owned_or_404
from mesoplan.web.records import mapping
from mesoplan.web.records.models import Device, Session


@login_required
def device_list(request: HttpRequest) -> HttpResponse:
    kb = services.knowledge()
    devices = list(Device.objects.owned_by(request.user))
    sessions = [mapping.logged_session(s) for s in Session.objects.owned_by(request.user)]
    uses = mapping.uses_by_device(devices, sessions)
    rows = [(d, gettext(kb.devices[d.kind].name) if d.kind in kb.devices else d.kind, uses[d.pk]) for d in devices]
    return render(request, "diary/device_list.html", {"rows": rows})


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
