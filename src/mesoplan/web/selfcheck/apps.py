from __future__ import annotations

from django.apps import AppConfig


class SelfcheckConfig(AppConfig):
    name = "mesoplan.web.selfcheck"
    label = "selfcheck"
