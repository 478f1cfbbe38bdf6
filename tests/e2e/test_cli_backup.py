"""`mesoplan backup FILE` and `mesoplan restore FILE` on the embedded SQLite: a restore into an empty data folder
gives back every table's rows, every stored file and the secret key, readable by their owner only."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage

from mesoplan.web.backup import stored_files

MESOPLAN = Path(sys.executable).with_name("mesoplan")
DATABASE = "mesoplan.sqlite3"

# Fills a data folder as a running site would: migrated, an account, a throttle count, a cache entry,
# photos in nested folders (saved through the storage, as the app saves them).
POPULATE = textwrap.dedent("""
    from mesoplan.cli.serve_cmd import prepare
    prepare()
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone
    from mesoplan.web.accounts.models import LoginThrottle, save_language
    ana = User.objects.create_user("ana", "ana@example.org", "a long pass phrase 42")
    save_language(ana, "fr")
    LoginThrottle.objects.create(key="@10.0.0.1", failures=3, window_start=timezone.now())
    cache.set("throttle_anonymous-api_10.0.0.1", [1.0, 2.0], 600)
    default_storage.save("photos/2026/03/a.jpg", ContentFile(bytes(range(256)) * 40))
    default_storage.save("photos/2026/04/b.jpg", ContentFile(b"second photo"))
    default_storage.save("signatures/s.png", ContentFile(b"\\x89PNG signature"))
""")


def env_for(folder: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "MESOPLAN_SECRET_KEY"}
    return {**env, "MESOPLAN_DATA": str(folder), "MESOPLAN_DB": "sqlite", "MESOPLAN_ENV": "development"}


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(MESOPLAN), *args], env=env_for(folder), capture_output=True, text=True,
                          timeout=300, check=False)


def rows_of_every_table(database: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: sorted(db.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr) for table in tables}


def files_of(folder: Path) -> dict[str, bytes]:
    storage = FileSystemStorage(location=folder / "media")
    return {name: storage.open(name).read() for name in stored_files(storage)}


def modes(folder: Path) -> Iterator[tuple[Path, int]]:
    for path in [folder, *folder.rglob("*")]:
        yield path, stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(scope="module")
def restored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, subprocess.CompletedProcess[str]]:
    """A populated data folder, its backup, and a fresh folder restored from it."""
    base = tmp_path_factory.mktemp("backup")
    source, target, archive = base / "source", base / "target", base / "site.tar"
    made = subprocess.run([sys.executable, "-c", POPULATE], env=env_for(source), capture_output=True, text=True,
                          timeout=300, check=False)
    assert made.returncode == 0, made.stderr
    backed_up = run(source, "backup", str(archive))
    assert backed_up.returncode == 0, backed_up.stderr
    done = run(target, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    return source, target, archive, done


def test_every_table_comes_back_row_for_row(restored: tuple[Path, Path, Path, Any]) -> None:
    source, target, _archive, _done = restored
    before, after = rows_of_every_table(source / DATABASE), rows_of_every_table(target / DATABASE)
    assert set(after) == set(before)
    assert {"auth_user", "accounts_loginthrottle", "mesoplan_cache"} <= set(after)
    for table, rows in before.items():
        assert after[table] == rows, table


def test_every_stored_file_comes_back_through_the_storage(restored: tuple[Path, Path, Path, Any]) -> None:
    source, target, _archive, _done = restored
    assert files_of(source).keys() == {"photos/2026/03/a.jpg", "photos/2026/04/b.jpg", "signatures/s.png"}
    assert files_of(target) == files_of(source)


def test_the_secret_key_comes_back(restored: tuple[Path, Path, Path, Any]) -> None:
    source, target, _archive, done = restored
    assert (target / "secret_key").read_text() == (source / "secret_key").read_text()
    assert "restored the sqlite database, 3 stored files" in done.stdout


def test_the_archive_and_everything_restored_are_readable_by_their_owner_only(
        restored: tuple[Path, Path, Path, Any]) -> None:
    _source, target, archive, _done = restored
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    for path, mode in modes(target):
        assert mode == (0o700 if path.is_dir() else 0o600), path


def test_a_restore_never_overwrites_a_site(restored: tuple[Path, Path, Path, Any]) -> None:
    _source, target, archive, _done = restored
    again = run(target, "restore", str(archive))
    assert again.returncode == 1
    assert "restore into an empty" in again.stderr


def test_a_backup_never_overwrites_a_file(restored: tuple[Path, Path, Path, Any]) -> None:
    source, _target, archive, _done = restored
    again = run(source, "backup", str(archive))
    assert again.returncode == 1
    assert "already exists" in again.stderr


def test_something_else_than_a_backup_is_refused_with_a_reason(tmp_path: Path) -> None:
    bogus = tmp_path / "not-a-backup.tar"
    bogus.write_text("hello")
    done = run(tmp_path / "data", "restore", str(bogus))
    assert done.returncode == 1
    assert "cannot read" in done.stderr
