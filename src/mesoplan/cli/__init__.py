"""The `mesoplan` command line: a thin adapter over `mesoplan.services`.

It catches only `MesoplanError`, printing one line naming the field and exiting 2.
"""

from __future__ import annotations

from mesoplan.cli import (  # noqa: F401 - registers the commands
    backup_cmd,
    knowledge_cmd,
    plan_cmd,
    rescreen_cmd,
    screen_cmd,
    serve_cmd,
    worker_cmd,
)
from mesoplan.cli.app import app


def main() -> None:
    """Entry point of the `mesoplan` script."""
    app()


__all__ = ["app", "main"]
