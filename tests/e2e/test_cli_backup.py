"""`mesoplan backup FILE` and `mesoplan restore FILE` on this pass's database (SQLite through its online backup API,
PostgreSQL through pg_dump and pg_restore): a restore into an empty data folder and an empty database gives back
every table's rows, every stored file and the secret key, readable by their owner only."""

from __future__ import annotations

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
from site_database import empty_database, on_postgres, rows_of_every_table, site_env

MESOPLAN = Path(sys.executable).with_name("mesoplan")

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
    cache.set("a cached value", [1.0, 2.0], 600)
    from mesoplan.web.api.models import AnonymousCalls
    AnonymousCalls.objects.create(key="throttle_anonymous-api_10.0.0.1", moments=[2.0, 1.0], expires=62.0)
    default_storage.save("photos/2026/03/a.jpg", ContentFile(bytes(range(256)) * 40))
    default_storage.save("photos/2026/04/b.jpg", ContentFile(b"second photo"))
    default_storage.save("signatures/s.png", ContentFile(b"\\x89PNG signature"))
""")


Site = dict[str, str]  # a site's environment: its data folder and database


def site(folder: Path, database: dict[str, str]) -> Site:
    return {**site_env(folder, database), "MESOPLAN_ENV": "development"}


def run(env: Site, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(MESOPLAN), *args], env=env, capture_output=True, text=True, timeout=300, check=False)


def files_of(folder: Path) -> dict[str, bytes]:
    storage = FileSystemStorage(location=folder / "media")
    return {name: storage.open(name).read() for name in stored_files(storage)}


def modes(folder: Path) -> Iterator[tuple[Path, int]]:
    for path in [folder, *folder.rglob("*")]:
        yield path, stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(scope="module")
def restored(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, Site, Path,
                                                                         subprocess.CompletedProcess[str]]]:
    """A populated site, its backup, and a fresh site (empty data folder, empty database) restored from it."""
    base = tmp_path_factory.mktemp("backup")
    archive = base / "site.tar"
    with empty_database() as source_database, empty_database() as target_database:
        source, target = site(base / "source", source_database), site(base / "target", target_database)
        made = subprocess.run([sys.executable, "-c", POPULATE], env=source, capture_output=True, text=True,
                              timeout=300, check=False)
        assert made.returncode == 0, made.stderr
        backed_up = run(source, "backup", str(archive))
        assert backed_up.returncode == 0, backed_up.stderr
        done = run(target, "restore", str(archive))
        assert done.returncode == 0, done.stderr
        yield source, target, archive, done


def folder(env: Site) -> Path:
    return Path(env["MESOPLAN_DATA"])


def test_every_table_comes_back_row_for_row(restored: tuple[Site, Site, Path, Any]) -> None:
    source, target, _archive, _done = restored
    before, after = rows_of_every_table(source), rows_of_every_table(target)
    assert set(after) == set(before)
    assert {"auth_user", "accounts_loginthrottle", "api_anonymouscalls", "mesoplan_cache"} <= set(after)
    assert before["auth_user"] and before["api_anonymouscalls"]
    for table, rows in before.items():
        assert after[table] == rows, table


def test_every_stored_file_comes_back_through_the_storage(restored: tuple[Site, Site, Path, Any]) -> None:
    source, target, _archive, _done = restored
    assert files_of(folder(source)).keys() == {"photos/2026/03/a.jpg", "photos/2026/04/b.jpg", "signatures/s.png"}
    assert files_of(folder(target)) == files_of(folder(source))


def test_the_secret_key_comes_back(restored: tuple[Site, Site, Path, Any]) -> None:
    source, target, _archive, done = restored
    assert (folder(target) / "secret_key").read_text() == (folder(source) / "secret_key").read_text()
    kind = "postgres" if on_postgres() else "sqlite"
    assert f"restored the {kind} database, 3 stored files" in done.stdout


def test_the_archive_and_everything_restored_are_readable_by_their_owner_only(
        restored: tuple[Site, Site, Path, Any]) -> None:
    _source, target, archive, _done = restored
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    for path, mode in modes(folder(target)):
        assert mode == (0o700 if path.is_dir() else 0o600), path


def test_a_restore_never_overwrites_a_site(restored: tuple[Site, Site, Path, Any]) -> None:
    _source, target, archive, _done = restored
    again = run(target, "restore", str(archive))
    assert again.returncode == 1
    assert "restore into an empty" in again.stderr


def test_a_backup_never_overwrites_a_file(restored: tuple[Site, Site, Path, Any]) -> None:
    source, _target, archive, _done = restored
    again = run(source, "backup", str(archive))
    assert again.returncode == 1
    assert "already exists" in again.stderr


def test_something_else_than_a_backup_is_refused_with_a_reason(tmp_path: Path) -> None:
    bogus = tmp_path / "not-a-backup.tar"
    bogus.write_text("hello")
    done = run(site(tmp_path / "data", {"MESOPLAN_DB": "sqlite"}), "restore", str(bogus))
    assert done.returncode == 1
    assert "cannot read" in done.stderr
