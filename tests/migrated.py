"""One SQLite database migrated per test run, copied into each data folder a test's process starts from.

Migrating a fresh SQLite file takes seconds (every app's migrations, data migrations included); a process a
test starts (`mesoplan serve`, `mesoplan worker`) or the test itself (`worker_env.worker_database`) needs a
migrated file, not the migration. The file is migrated once, the first time one is asked for, in its own
process as `mesoplan serve` would (`django migrate` on MESOPLAN_DATA), then copied with SQLite's backup API
(consistent whatever its write-ahead log holds). Tests of the migration itself (a fresh data folder is
migrated at start) keep an empty folder. The `migrated_sqlite` fixture (tests/conftest.py) is the one copy
per run; nothing is migrated on a run that never asks for it (the PostgreSQL run).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

FILE = "mesoplan.sqlite3"  # the name settings.py gives the database in MESOPLAN_DATA


class MigratedSqlite:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _template(self) -> Path:
        template = self.folder / FILE
        if not template.exists():
            env = {**os.environ, "MESOPLAN_DATA": str(self.folder), "MESOPLAN_DB": "sqlite"}
            subprocess.run([sys.executable, "-m", "django", "migrate", "--verbosity", "0", "--no-input",
                            "--settings", "mesoplan.web.settings"], env=env, check=True, timeout=300)
        return template

    def copy_to(self, data_dir: Path) -> Path:
        """`data_dir`/mesoplan.sqlite3, migrated to the latest migration, private to its owner as serve makes it."""
        data_dir.mkdir(parents=True, exist_ok=True)
        target = data_dir / FILE
        with closing(sqlite3.connect(self._template())) as source, closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
        target.chmod(0o600)
        return target
