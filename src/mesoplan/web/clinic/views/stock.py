"""The clinic's products with their lots, quantities left and expiry (clinical staff), and a lot received."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mesoplan.web.clinic import access, audit, stock
from mesoplan.web.clinic.forms.stock import StockLotForm
from mesoplan.web.clinic.views.common import organisation_for, signed_in


@login_required
def products(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_for(request, pk, "see_clinical")
    form = StockLotForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        access.for_request(request, organisation).require("chart")
        if form.is_valid():
            with transaction.atomic():
                received = form.save(commit=False)
                received.organisation, received.added_by = organisation, signed_in(request)
                received.save()
                audit.record(request.user, "create", organisation=organisation, detail=f"stock lot {received.lot}")
            messages.success(request, _("Lot %(lot)s added to the stock.") % {"lot": received.lot})
            return redirect("clinic:products", pk=organisation.pk)
    today = timezone.localdate()
    lines = [(line, line.state(today)) for line in stock.lots(organisation)]
    return render(request, "clinic/products.html", {
        "organisation": organisation, "lines": lines, "form": form, "warning_days": stock.EXPIRY_WARNING_DAYS})
