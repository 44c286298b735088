"""`thidua verify-tally SESSION [--proof FILE]`: check a council session's count from its encrypted ballots."""

from __future__ import annotations

import json
from uuid import UUID

import click
from eventsourcing.domain import OriginatorVersionError

from domain.ballot.verify import verify
from web.cli.main import _container, main


@main.command("verify-tally")
@click.argument("session_id", type=click.UUID)
@click.option("--proof", "proof_file", type=click.File("r"),
              help="check a published tally proof (GET /api/v1/council-sessions/ID/tally-proof) instead of the ledger")
def verify_tally(session_id: UUID, proof_file) -> None:  # noqa: ANN001
    """Every ballot well formed, one per member who voted, the sums, the trustees' decryptions and the totals."""
    if proof_file is not None:
        doc = json.load(proof_file)
        if doc.get("session_id") != str(session_id):
            raise click.ClickException("Bằng chứng kiểm phiếu không thuộc phiên họp này.")
    else:
        container = _container()
        try:
            doc = container.app.get_tally_proof(session_id)
        except OriginatorVersionError:
            click.echo("KIỂM PHIẾU KHÔNG KHỚP: các sự kiện của phiên họp hoặc hòm phiếu bị thiếu hay bị chèn.", err=True)
            raise SystemExit(1) from None
        finally:
            container.close()
    failures = verify(doc)
    for failure in failures:
        click.echo(f"KIỂM PHIẾU KHÔNG KHỚP: {failure}", err=True)
    if failures:
        raise SystemExit(1)
    click.echo(f"Kết quả kiểm phiếu khớp: {len(doc['ballots'])} phiếu mã hoá hợp lệ, tổng số đã giải mã đúng "
               f"bằng chứng của {len(doc['partials'])} người giữ khoá.")
