from __future__ import annotations

from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "mesoplan.web.clinic"
    label = "clinic"

    def ready(self) -> None:
        # A client's signed clinic sessions show on their own diary: the diary asks its hook.
        from mesoplan.web.clinic.diary_link import signed_sessions_of
        from mesoplan.web.diary import hooks

        hooks.add_session_source(signed_sessions_of)
        from mesoplan.web.clinic import message_signals  # noqa: F401 - appointment messages follow the bookings
