"""Operations commands: `thidua backup FILE` and `thidua restore FILE` (see docs/operations.md)."""

from __future__ import annotations

from pathlib import Path

import click

from adapters.backup import BackupError, backup, restore
from adapters.config import load_settings
from web.cli.main import main

FILE = click.Path(dir_okay=False, path_type=Path)


@main.command("backup")
@click.argument("file", type=FILE)
def backup_command(file: Path) -> None:
    """Back up the whole store (ledger and read models) to FILE; safe while the app runs."""
    try:
        written = backup(load_settings(), file)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"backed up to {written} ({written.stat().st_size:,} bytes)")


@main.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(file: Path) -> None:
    """Restore FILE into THIDUA_DATABASE_URL, which must hold no events (stop the app and the worker first)."""
    try:
        events = restore(load_settings(), file)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"restored {events:,} events from {file}")
