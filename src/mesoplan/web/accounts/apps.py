from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(using: str = "default", **_: Any) -> None:
    """The database cache's table (the API's throttle, decisions item 4), made by every `migrate`:
    by `mesoplan serve`, by the test setup, by an operator's `manage.py migrate`. Idempotent."""
    call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    name = "mesoplan.web.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Connected for this app only (it has models, so post_migrate is sent for it once per migrate).
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="mesoplan-cache-table")
