from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "mesoplan.web.api"
    label = "api"

    def ready(self) -> None:
        from mesoplan.web.api import revocation

        revocation.connect()
