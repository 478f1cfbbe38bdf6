from __future__ import annotations

from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "mesoplan.web.home"
    label = "home"

    def ready(self) -> None:
        from mesoplan.web.home import signals  # noqa: F401 - connects the reminders to plan changes
