"""The `thidua` command: serve, demo, rebuild, worker. THIDUA_DATABASE_URL selects the store."""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager

import click
import eventsourcing.persistence as es
import psycopg
import sqlalchemy.exc as sa_exc
from tqdm import tqdm

from domain.exceptions import StoreUnavailableError
from web.cli.errors import CommandError, explain


def _container():  # -> adapters.bootstrap.Container
    from adapters.bootstrap import bootstrap
    from adapters.config import load_settings

    return bootstrap(load_settings())


class Commands(click.Group):
    """The `thidua` commands: an error that ends any of them (a bad setting, a store that cannot be reached or
    written, anything unexpected) is said in one or two lines (web/cli/errors.py); --debug shows the traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            raise CommandError(explain(error, ctx.params.get("lang", "vi"))) from None


@click.group(cls=Commands)
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="language of the error messages")
@click.option("--debug", is_flag=True, help="show the traceback of an error")
def main(lang: str, debug: bool) -> None:
    """thidua: emulation campaigns and awards on an event-sourced ledger."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@main.command()
def demo() -> None:
    """Load both seed campaigns, the organisation and a year of activity (idempotent)."""
    from adapters.demo.loader import load_demo

    container = _container()
    try:
        report = load_demo(container.app)
        container.projector.catch_up()
        click.echo(report)
        from adapters.demo.accounts import ensure_demo_accounts
        click.echo(ensure_demo_accounts(container.projector.engine, container.read_engine))
        from adapters.demo.contacts import ensure_demo_contacts
        from adapters.outbox import Outbox
        click.echo(ensure_demo_contacts(Outbox(container.app.recorder, container.projector.engine), container.read_engine))
    finally:
        container.close()


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="gunicorn worker processes")
@click.option("--demo", "with_demo", is_flag=True, help="load the demo data first (idempotent)")
def serve(host: str, port: int, workers: int, with_demo: bool) -> None:
    """Serve the web app and the API with gunicorn."""
    from gunicorn.app.base import BaseApplication

    if with_demo:
        demo.callback()  # type: ignore[misc]

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-")

        def load(self):  # type: ignore[no-untyped-def]
            from web import create_app

            return create_app()

    _container().close()  # a bad setting or an unreachable store is said here, not by each worker that fails to boot
    click.echo(f"thidua: open http://{host}:{port}/")
    Server().run()


@main.command()
def rebuild() -> None:
    """Rebuild every read model from zero, with a progress bar."""
    container = _container()
    try:
        target = container.app.recorder.max_notification_id() or 0
        with tqdm(total=target, unit="event", desc="rebuild") as bar:
            started = time.perf_counter()
            position = container.projector.rebuild(progress=lambda done, _t: bar.update(done - bar.n))
        container.point_in_time.forget_checkpoints()
        elapsed = time.perf_counter() - started
        click.echo(f"rebuilt to event #{position} in {elapsed:.2f}s ({position / max(elapsed, 1e-9):,.0f} events/s)")
    finally:
        container.close()


@main.command()
@click.option("--interval", default=0.5, show_default=True, type=float, help="poll interval when idle (seconds)")
@click.option("--once", is_flag=True, help="catch up once and exit")
def worker(interval: float, once: bool) -> None:
    """Follow the ledger and keep the read models up to date (PostgreSQL: LISTEN/NOTIFY, else polling);
    a dropped database connection is logged and reconnected with a capped back-off."""
    container = _container()
    try:
        if once:
            container.projector.catch_up()
        else:
            follow(container, interval)
    finally:
        container.close()


RECONNECT_FIRST = 0.5  # seconds before the first reconnection attempt; doubled after each failed one
RECONNECT_MAX = 30.0  # the back-off's cap


def follow(container, interval: float) -> None:  # type: ignore[no-untyped-def]
    """Catch up, wait for news, again, for ever. A lost connection (the database restarted, the network cut,
    the session killed) is logged and tried again after a pause that doubles up to RECONNECT_MAX, back to
    RECONNECT_FIRST once a catch-up succeeds; the tracking positions make the next catch-up resume exactly."""
    log = logging.getLogger("thidua.worker")
    delay = RECONNECT_FIRST
    while True:
        try:
            with _listening(container) as listener:
                while True:
                    log.debug("caught up to #%s", container.projector.catch_up())
                    delay = RECONNECT_FIRST
                    _wait(listener, interval)
        except DISCONNECTED as lost:
            log.warning("%s; trying again in %.1f s", _what_is_wrong(lost), delay)
            time.sleep(delay)
            delay = min(delay * 2, RECONNECT_MAX)


def _what_is_wrong(error: Exception) -> str:
    """One line for the log: a store that cannot be written (read-only, full) says so, else a lost connection."""
    unwritable = StoreUnavailableError.of(error)
    if unwritable is not None:
        return unwritable.message
    return f"connection to the store lost ({type(error).__name__}: {' '.join(str(error).split())})"


DISCONNECTED = (
    psycopg.OperationalError, psycopg.InterfaceError, sa_exc.OperationalError, sa_exc.InterfaceError,
    es.OperationalError, es.InterfaceError,
)


@contextmanager
def _listening(container):  # type: ignore[no-untyped-def]
    """A LISTEN connection on the ledger's NOTIFY channel (None on SQLite), closed at the end."""
    if container.settings.is_sqlite:
        yield None
        return
    with psycopg.connect(container.settings.database_url, autocommit=True, connect_timeout=10) as conn:
        conn.execute(f"LISTEN {container.app.name.lower()}_events")
        yield conn


def _wait(listener, interval: float) -> None:  # type: ignore[no-untyped-def]
    """Until a notification comes, or `interval` seconds."""
    if listener is None:
        time.sleep(interval)
    else:
        for _notify in listener.notifies(timeout=interval, stop_after=1):
            pass


# Command modules register themselves here (one line each).
from web.cli import accounts as cli_accounts  # noqa: E402,F401
from web.cli import audit as cli_audit  # noqa: E402,F401
from web.cli import ballot as cli_ballot  # noqa: E402,F401
from web.cli import imports as cli_imports  # noqa: E402,F401
from web.cli import ops as cli_ops  # noqa: E402,F401
from web.cli import reminders as cli_reminders  # noqa: E402,F401
from web.cli import tokens as cli_tokens  # noqa: E402,F401
from web.cli import webhooks as cli_webhooks  # noqa: E402,F401
