from __future__ import annotations

from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "mesoplan.web.diary"
    label = "diary"
