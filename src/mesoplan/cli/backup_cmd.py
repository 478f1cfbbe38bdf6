"""`mesoplan backup FILE` and `mesoplan restore FILE`: the whole site (database, photos, secret key) in one
archive, and back (`web/backup.py` says what the archive holds). Both work on the data folder and database
that `mesoplan serve` uses (`MESOPLAN_DATA`, `MESOPLAN_DB`); a backup can be made while it serves."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from mesoplan.cli.app import app
from mesoplan.cli.serve_cmd import SECRET_FILE, data_folder, private_database


def _configure(secret: str | None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesoplan.web.settings")
    if secret is not None and not os.environ.get("MESOPLAN_SECRET_KEY"):
        os.environ["MESOPLAN_SECRET_KEY"] = secret
    import django

    django.setup()


def _fail(message: str) -> NoReturn:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(1)


@app.command()
def backup(file: Annotated[Path, typer.Argument(help="The archive to write (a new file, readable by you only).")]
           ) -> None:
    """Back up the database, the stored photos and the secret key into FILE."""
    os.umask(0o077)  # health records: every file made here is readable by its owner only
    secret_path = data_folder() / SECRET_FILE
    _configure(secret_path.read_text(encoding="utf-8").strip() if secret_path.exists() else None)
    from django.conf import settings

    from mesoplan.web.backup import BackupError
    from mesoplan.web.backup import backup as make_backup

    try:
        done = make_backup(file, settings.SECRET_KEY)
    except BackupError as exc:
        _fail(str(exc))
    typer.echo(f"mesoplan: backed up the {done.database} database, {done.files} stored files "
               f"({done.bytes} bytes) and the secret key to {file}")


@app.command()
def restore(file: Annotated[Path, typer.Argument(help="An archive made by `mesoplan backup`.")]) -> None:
    """Restore FILE into an empty data folder and database, then bring the database up to date."""
    os.umask(0o077)
    from mesoplan.web.backup import BackupError, read_secret

    folder = data_folder()
    try:
        secret = read_secret(file)
    except BackupError as exc:
        _fail(str(exc))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    secret_path = folder / SECRET_FILE
    if secret_path.exists() and secret_path.read_text(encoding="utf-8").strip() != secret:
        _fail(f"{secret_path} holds another secret key: restore into an empty data folder")
    _configure(secret)
    from django.core.management import call_command

    from mesoplan.web.backup import restore as load_backup

    try:
        done = load_backup(file)
    except BackupError as exc:
        _fail(str(exc))
    if not secret_path.exists():
        with os.fdopen(os.open(secret_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8") as f:
            f.write(secret)
    private_database()
    call_command("migrate", interactive=False, verbosity=0)  # a backup of an older version is brought up to date
    typer.echo(f"mesoplan: restored the {done.database} database, {done.files} stored files ({done.bytes} bytes) "
               f"and the secret key (in {secret_path}) from {file}")
    if os.environ.get("MESOPLAN_ENV") == "production":
        typer.echo(f"mesoplan: in production the secret is MESOPLAN_SECRET_KEY: set it to the key in {secret_path}")
