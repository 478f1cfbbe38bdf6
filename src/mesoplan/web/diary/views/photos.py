"""Progress photos: upload, side-by-side comparison, and the one view that sends image bytes (to their owner only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mesoplan.web.diary.forms import PhotoForm
from mesoplan.web.diary.views.editing import PAGE_SIZE, delete_page, form_page, owned_or_404
from mesoplan.web.records.models import Photo


@login_required
def photo_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(Photo.objects.owned_by(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "diary/photo_list.html", {"photos": page, "page": page})


@login_required
def photo_new(request: HttpRequest) -> HttpResponse:
    return form_page(request, PhotoForm, title=_("Add a photo"), success="diary:photos",
                     initial={"taken_on": timezone.localdate(), "kind": "before"})


@require_GET
@login_required
def photo_image(request: HttpRequest, pk: int) -> FileResponse:
    photo = owned_or_404(request, Photo, pk)
    response = FileResponse(photo.image.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = "inline"
    return response


@login_required
def photo_compare(request: HttpRequest) -> HttpResponse:
    """Two photos side by side: those chosen, else the first "before" and the latest "after"."""
    photos = Photo.objects.owned_by(request.user)
    chosen = []
    for key in ("a", "b"):
        value = request.GET.get(key, "")
        chosen.append(owned_or_404(request, Photo, int(value)) if value.isdigit() else None)
    left = chosen[0] or photos.filter(kind="before").order_by("taken_on", "id").first()
    right = chosen[1] or photos.filter(kind__in=("after", "progress")).order_by("-taken_on", "-id").first()
    return render(request, "diary/photo_compare.html", {"left": left, "right": right, "photos": photos})


@login_required
def photo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return delete_page(request, Photo, pk, "diary:photos")
