"""Before/after photos of a session: added while it is a draft (afterwards, with an amendment), and sent
only to the clinic's clinical staff, by the one view that reads image bytes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mesoplan.web.clinic import access, audit
from mesoplan.web.clinic.forms.sessions import PhotoForm
from mesoplan.web.clinic.models import ClinicPhoto
from mesoplan.web.clinic.views.common import refused_if_signed, session_for


@login_required
def photo_new(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_for(request, pk, "chart", page="photo upload")
    if refused := refused_if_signed(request, session):
        return refused
    form = PhotoForm(request.POST or None, request.FILES or None, initial={"taken_on": session.date})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            ClinicPhoto.objects.create(client=session.client, session=session, uploaded_by_id=request.user.pk,
                                       **form.cleaned_data)
            audit.record(request.user, "create", client=session.client,
                         detail=f"photo added to the session of {session.date.isoformat()}")
        messages.success(request, _("Photo added."))
        return redirect("clinic:session_detail", pk=session.pk)
    return render(request, "clinic/form.html", {"form": form, "title": _("Add a photo"), "client": session.client,
                                                "multipart": True})


@require_GET
@login_required
def photo_image(request: HttpRequest, pk: int) -> FileResponse:
    photo = access.member_or_404(request.user, ClinicPhoto, pk)
    access.for_request(request, photo.client.organisation_id).require("see_clinical")
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = "inline"
    return response
