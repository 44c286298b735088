"""`thidua verify | seal | export | import`: prove the ledger unchanged, seal its digest, move it whole."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from adapters.digest_publication import PublicationError, publish, published_digest
from domain.exceptions import DuplicateError
from domain.seal import SealLedger, Verification
from domain.values import Actor
from web.cli.main import _container, main


@contextmanager
def _opened() -> Iterator:  # Iterator[adapters.bootstrap.Container]
    container = _container()
    try:
        yield container
    finally:
        container.close()


NO_DIGEST = {  # said by `verify` without a published digest, in the language asked for
    "vi": "Lưu ý: chưa đối chiếu với mã tổng đã công bố nên không thể phát hiện việc cắt bỏ các sự kiện cuối sổ cái"
          " (cùng các mắt xích của chúng). Hãy công bố mã tổng ra ngoài hệ thống bằng"
          " `thidua seal --publish TỆP_HOẶC_URL` và kiểm tra bằng `thidua verify --digest-from TỆP_HOẶC_URL`.",
    "en": "Note: without a published digest, a cut tail (the last events deleted with their chain links) cannot be"
          " detected. Publish the digest outside the system with `thidua seal --publish FILE_OR_URL` and check"
          " against it with `thidua verify --digest-from FILE_OR_URL`.",
}


def _say(result: Verification) -> None:
    """Print the outcome; a broken ledger ends the command with status 1."""
    if result.digest_position is not None:
        click.echo(f"Mã niêm phong đã công bố khớp với sổ cái tại sự kiện #{result.digest_position}.")
    if not result.ok:
        click.echo(f"SỔ CÁI BỊ SỬA ĐỔI — vị trí #{result.position} ({result.kind}): {result.message}", err=True)
        raise SystemExit(1)
    head = result.head
    if head is None:
        click.echo("Sổ cái trống.")
        return
    click.echo(f"Sổ cái nguyên vẹn: {result.checked} sự kiện, đến sự kiện #{head.position}.")
    click.echo(f"Mã tổng (digest): {head.chain_hash}")


@main.command()
@click.option(
    "--export", "export_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="verify an export offline",
)
@click.option("--digest", help="a digest published earlier (hex); it must appear in the chain")
@click.option("--digest-from", "digest_from", metavar="PATH_OR_URL", help="read the digest `thidua seal --publish` published")
@click.option("--lang", type=click.Choice(sorted(NO_DIGEST)), default="vi", show_default=True, help="language of the notes")
def verify(export_file: Path | None, digest: str | None, digest_from: str | None, lang: str) -> None:
    """Check the whole ledger (or an export) and name the first broken position."""
    if digest_from is not None:
        try:
            digest = published_digest(digest_from)
        except PublicationError as unreadable:
            raise click.ClickException(str(unreadable)) from None
    if export_file is not None:
        from adapters.ledger.transfer import verify_export

        _say(verify_export(export_file, digest).outcome())
    else:
        with _opened() as container:
            _say(container.app.verify_ledger(digest))
    if digest is None:
        click.echo(NO_DIGEST[lang])


@main.command()
@click.option("--reason", default="", help="why the ledger is sealed now")
@click.option("--publish", "place", metavar="PATH_OR_URL", help="also write the digest to a file, or POST it to an http(s) URL")
def seal(reason: str, place: str | None) -> None:
    """Seal the ledger's current digest in the ledger itself (run it from cron for periodic seals)."""
    with _opened() as container:
        try:
            sealed = container.app.get_seal(container.app.seal_ledger(Actor.system(), SealLedger(reason)))
            click.echo(f"Đã niêm phong sổ cái tại sự kiện #{sealed['position']} ({sealed['count']} sự kiện).")
        except DuplicateError as already:
            click.echo(already.message)
            head = container.app.ledger.chain_head()
            sealed = {"position": head.position, "count": head.count, "chain_hash": head.chain_hash}
        at = container.app.now().isoformat()
    click.echo(f"Mã tổng (digest): {sealed['chain_hash']}")
    if place is not None:
        record = {"digest": sealed["chain_hash"], "position": sealed["position"], "count": sealed["count"], "at": at}
        try:
            publish(record, place)
        except PublicationError as failed:
            raise click.ClickException(str(failed)) from None
        click.echo(f"Đã công bố mã tổng tại: {place}")


@main.command("export")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export_command(file: Path) -> None:
    """Write the whole ledger as JSON Lines, closed by its digest."""
    from adapters.ledger.transfer import export_ledger

    with _opened() as container, file.open("w", encoding="utf-8") as out:
        report = export_ledger(container.app.recorder, out)
    _say(report.outcome())


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Load an export into an empty store, check it ends on the export's digest, rebuild the read models."""
    from adapters.ledger.transfer import LedgerTransferError, import_ledger

    with _opened() as container:
        try:
            report = import_ledger(container.app.recorder, file)
        except LedgerTransferError as refused:
            raise click.ClickException(str(refused)) from None
        position = container.projector.rebuild()
    click.echo(f"Đã dựng lại các bảng đọc đến sự kiện #{position}.")
    _say(report.outcome())
