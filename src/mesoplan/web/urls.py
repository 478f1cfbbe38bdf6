"""The site's URLs: one prefix per app."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("mesoplan.web.front.urls")),
    path("check/", include("mesoplan.web.selfcheck.urls")),
    path("account/", include("mesoplan.web.accounts.urls")),
    path("diary/", include("mesoplan.web.diary.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
