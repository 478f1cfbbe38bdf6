"""The site's URLs: one prefix per app."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path, re_path

from mesoplan.web.api.api import api
from mesoplan.web.api.views import api_not_found
from mesoplan.web.front.favicon import favicon
from mesoplan.web.home.views import start

urlpatterns = [
    # The API first: its requests are the most frequent, and Django tries the prefixes in order.
    path("api/", api.urls),
    re_path(r"^api/", api_not_found),  # any other /api/ address: a JSON 404, not the HTML page
    path("", start.start),  # a visitor gets front's home page (front:home), a person logged in their own
    path("favicon.ico", favicon),
    path("", include("mesoplan.web.front.urls")),
    path("check/", include("mesoplan.web.selfcheck.urls")),
    path("me/", include("mesoplan.web.home.urls")),
    path("account/", include("mesoplan.web.accounts.urls")),
    path("account/tokens/", include("mesoplan.web.api.urls")),
    path("diary/", include("mesoplan.web.diary.urls")),
    path("clinic/", include("mesoplan.web.clinic.urls")),
    path("admin/", admin.site.urls),
]
