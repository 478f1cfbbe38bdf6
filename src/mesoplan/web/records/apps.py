from __future__ import annotations

from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "mesoplan.web.records"
    label = "records"

    def ready(self) -> None:
        from mesoplan.web.records import signals  # noqa: F401 - connects the receivers
