from __future__ import annotations

from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "mesoplan.web.front"
    label = "front"

    def ready(self) -> None:
        # Compiled catalogues are built, not committed: build any that is missing or
        # older than its .po before the first request reads it (a few stat calls otherwise).
        from mesoplan.i18n_catalogues import compile_all

        compile_all()
