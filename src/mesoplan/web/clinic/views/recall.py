"""A lot recall: which of the clinic's clients received a lot, when and from whom; shown or as CSV.

Practitioners and admins only (the clinical record). Each client the search finds gets an
audit event — `view` for the page, `export` for the CSV — since the result names them.
"""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mesoplan.web.clinic import audit, recall
from mesoplan.web.clinic.models import Client
from mesoplan.web.clinic.views.common import organisation_for
from mesoplan.web.front.file_names import as_attachment

LONGEST_LOT = 60  # the lot field's own length: a longer text cannot be a lot of this clinic


@require_GET
@login_required
def lot_recall(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = organisation_for(request, pk, "see_clinical")
    lot = recall.normalised(request.GET.get("lot", ""))
    too_long = len(lot) > LONGEST_LOT
    if too_long:
        lot = ""
    uses = recall.uses_of_lot(organisation, lot)
    as_csv = request.GET.get("format") == "csv" and bool(lot)
    detail = f"lot recall {lot} (CSV)" if as_csv else f"lot recall {lot}"  # said in the reader's language on display
    for client in Client.objects.filter(pk__in={u.client_id for u in uses}):
        audit.record(request.user, "export" if as_csv else "view", client=client, detail=detail)
    if as_csv:
        return _csv(uses, lot)
    return render(request, "clinic/recall.html", {
        "organisation": organisation, "lot": lot, "uses": uses,
        "clients": len({u.client_id for u in uses}), "searched": bool(lot),
        "error": _("A lot number has at most %(n)d characters.") % {"n": LONGEST_LOT} if too_long else ""})


def _csv(uses: list[recall.LotUse], lot: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")  # so that a spreadsheet reads the names' accents and Cyrillic as UTF-8
    header = [_("Lot"), _("Product"), _("Ingredient"), _("Expiry"), _("Session date"), _("Practitioner"),
              _("Client"), _("Date of birth"), _("Email"), _("Phone")]
    csv.writer(response).writerows(recall.csv_rows(uses, header))
    return as_attachment(response, f"recall-{lot}", ".csv")
