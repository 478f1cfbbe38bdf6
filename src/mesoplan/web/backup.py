"""Back up and restore a whole mesoplan: its database, its stored files (photos) and its secret key.

One archive (an uncompressed tar, created readable by its owner only: it holds health records
and the key that signs sessions and keys the calendar UIDs):

- `manifest.json`: the archive's format, mesoplan's version, the database kind, and every stored
  file with its size and SHA-256 (checked again on restore);
- `database.sqlite3`: a consistent copy made with SQLite's online backup API while the server
  keeps running, or `database.pgdump`: `pg_dump --format=custom` of the PostgreSQL database;
- `secret_key`: the site's secret;
- `files/<name>`: each file of Django's default storage, read and written through the storage
  API (decisions item 6), so local disk and an S3-compatible store are backed up the same way.

A restore goes into an empty place only (no database, no stored file): it never overwrites.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connection

import mesoplan

FORMAT = "mesoplan-backup/1"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for the operator."""


@dataclass(frozen=True)
class Summary:
    database: str
    files: int
    bytes: int


def database_kind() -> str:
    return "sqlite" if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") else "postgres"


def stored_files(storage: Storage = default_storage, folder: str = "") -> Iterator[str]:
    """Every file name in the storage, folders walked, in a stable order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local storage whose folder was never made: nothing stored yet
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_files(storage, f"{folder}/{sub}" if folder else sub)


def backup(target: Path, secret_key: str) -> Summary:
    """Write the archive to `target` (which must not exist yet)."""
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BackupError(f"{target} already exists: choose a new file name") from None
    kind = database_kind()
    with tempfile.TemporaryDirectory() as temp, os.fdopen(descriptor, "wb") as out, \
            tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as archive:
        dump = Path(temp, SQLITE_MEMBER if kind == "sqlite" else POSTGRES_MEMBER)
        _dump_sqlite(dump) if kind == "sqlite" else _dump_postgres(dump)
        files: list[dict[str, Any]] = []
        for name in stored_files():
            with default_storage.open(name, "rb") as stored:
                digest, size = _add_stream(archive, f"files/{name}", stored)
            files.append({"name": name, "size": size, "sha256": digest})
        manifest = {"format": FORMAT, "mesoplan": mesoplan.__version__, "database": kind, "files": files}
        _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
        _add_bytes(archive, "secret_key", secret_key.encode())
        archive.add(dump, arcname=dump.name)
    return Summary(kind, len(files), sum(f["size"] for f in files))


def _dump_sqlite(dump: Path) -> None:
    """A consistent copy through SQLite's online backup API: writers keep going while it copies."""
    connection.ensure_connection()
    copy = sqlite3.connect(dump)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def _postgres_command(program: str, *arguments: str) -> tuple[list[str], dict[str, str]]:
    database = settings.DATABASES["default"]
    env = {**os.environ, "PGPASSWORD": str(database.get("PASSWORD") or "")}
    command = [program, "--host", str(database.get("HOST") or "127.0.0.1"), "--port", str(database.get("PORT") or
               "5432"), "--username", str(database.get("USER") or "postgres"), "--dbname", str(database["NAME"]),
               *arguments]
    return command, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client)") from None
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-500:]}")


def _dump_postgres(dump: Path) -> None:
    _run(*_postgres_command("pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump)))


def _add_stream(archive: tarfile.TarFile, name: str, stream: IO[bytes]) -> tuple[str, int]:
    """Add a file of unknown size: spooled to a temporary file first (a tar member states its size)."""
    digest = hashlib.sha256()
    with tempfile.TemporaryFile() as spool:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            spool.write(chunk)
        info = tarfile.TarInfo(name)
        info.size, info.mode = spool.tell(), 0o600
        spool.seek(0)
        archive.addfile(info, spool)
    return digest.hexdigest(), info.size


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o600
    archive.addfile(info, io.BytesIO(data))


def read_secret(source: Path) -> str:
    """The secret key kept in an archive (read before Django is configured: the settings need it)."""
    with _open(source) as archive:
        return _member(archive, "secret_key").decode()


def restore(source: Path) -> Summary:
    """Restore the archive into the configured database and storage, both of which must be empty."""
    with _open(source) as archive:
        manifest = json.loads(_member(archive, "manifest.json"))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{source} is not a mesoplan backup (format {manifest.get('format')!r})")
        kind = database_kind()
        if manifest["database"] != kind:
            raise BackupError(f"this backup holds a {manifest['database']} database; the server is set up for "
                              f"{kind} (MESOPLAN_DB)")
        _require_empty()
        with tempfile.TemporaryDirectory() as temp:
            dump = Path(temp, SQLITE_MEMBER if kind == "sqlite" else POSTGRES_MEMBER)
            dump.write_bytes(_member(archive, dump.name))
            _load_sqlite(dump) if kind == "sqlite" else _load_postgres(dump)
        for entry in manifest["files"]:
            _restore_file(archive, entry)
    return Summary(kind, len(manifest["files"]), sum(f["size"] for f in manifest["files"]))


def _open(source: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(source, mode="r:")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"cannot read {source}: {exc}") from None


def _member(archive: tarfile.TarFile, name: str) -> bytes:
    try:
        stream = archive.extractfile(name)
    except KeyError:
        stream = None
    if stream is None:
        raise BackupError(f"the backup has no {name}: it is damaged or not a mesoplan backup")
    return stream.read()


def _require_empty() -> None:
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(f"the database already has {len(tables)} tables: restore into an empty one")
    if next(stored_files(), None) is not None:
        raise BackupError("the file storage (photos) is not empty: restore into an empty data folder")


def _load_sqlite(dump: Path) -> None:
    """Copy into the configured database with SQLite's backup API (the file stays 0600 under the umask)."""
    connection.close()
    name = Path(settings.DATABASES["default"]["NAME"])
    source, target = sqlite3.connect(dump), sqlite3.connect(name)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    name.chmod(0o600)


def _load_postgres(dump: Path) -> None:
    connection.close()
    _run(*_postgres_command("pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", str(dump)))


def _restore_file(archive: tarfile.TarFile, entry: dict[str, Any]) -> None:
    name = str(entry["name"])
    if PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts:
        raise BackupError(f"refused a stored file name that leaves the storage: {name!r}")
    data = _member(archive, f"files/{name}")
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise BackupError(f"{name} does not match its checksum: the backup is damaged")
    with tempfile.SpooledTemporaryFile(max_size=CHUNK) as spool:
        spool.write(data)
        spool.seek(0)
        saved = default_storage.save(name, File(spool, name=name))
    if saved != name:
        raise BackupError(f"{name} was stored as {saved}: the storage was not empty")

