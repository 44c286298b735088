"""`thidua account create|password|disable|reset-two-factor`: login accounts for the web pages (passwords hashed with
argon2) and an administrator's reset of an account's second factor (docs/two-factor.md)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from adapters.accounts import AccountError, AccountStore
from adapters.accounts_second_factor import SecondFactorStore
from domain.accounts_security import ResetSecondFactor
from domain.exceptions import DomainError
from domain.values import Actor
from web.cli.main import _container, main
from web.cli.tokens import load_person


@contextmanager
def account_store() -> Iterator[tuple[object, AccountStore]]:
    container = _container()
    try:
        yield container, AccountStore(container.projector.engine, container.read_engine)
    finally:
        container.close()


def password_option(command):  # type: ignore[no-untyped-def]
    """The password is asked twice without echo, or read from stdin with `--password-stdin` (scripts)."""
    return click.option("--password-stdin", is_flag=True, help="read the password from standard input")(command)


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True)


@main.group()
def account() -> None:
    """Login accounts: create one for a person, set a new password, disable one."""


@account.command("create")
@click.argument("username")
@click.option("--person", "person", required=True, help="the person's id, or their key")
@password_option
def create(username: str, person: str, password_stdin: bool) -> None:
    """Create USERNAME for a person; the roles come from the person's grants in the ledger."""
    with account_store() as (container, store):
        holder = load_person(container.app, person)
        try:
            created = store.create_account(username, read_password(password_stdin), holder.id)
        except AccountError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"account «{created.username}» for {holder.full_name} created")


@account.command("password")
@click.argument("username")
@password_option
def password(username: str, password_stdin: bool) -> None:
    """Set a new password for USERNAME."""
    with account_store() as (_container_, store):
        if store.get_account(username) is None:
            raise click.ClickException(f"no account «{username}»")
        try:
            store.set_password(username, read_password(password_stdin))
        except AccountError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"password of «{username}» changed")


@account.command("disable")
@click.argument("username")
def disable(username: str) -> None:
    """Disable USERNAME: it can no longer sign in (the account and its history stay)."""
    with account_store() as (_container_, store):
        if store.get_account(username) is None:
            raise click.ClickException(f"no account «{username}»")
        store.deactivate(username)
    click.echo(f"account «{username}» disabled")


@account.command("reset-two-factor")
@click.argument("username")
@click.option("--reason", required=True, help="why (e.g. a lost phone); recorded in the ledger")
def reset_two_factor(username: str, reason: str) -> None:
    """Forget USERNAME's second factor (a lost phone; the only administrator's own, which the page refuses): recorded
    as SecondFactorReset by the system; the account enrols again at its next sign-in."""
    with account_store() as (container, store):
        found = store.get_account(username)
        if found is None:
            raise click.ClickException(f"no account «{username}»")
        factors = SecondFactorStore(container.projector.engine, container.read_engine)
        cmd = ResetSecondFactor(found.person_id, found.username, reason)
        try:
            factors.reset_recorded(lambda: container.app.reset_second_factor(Actor.system(), cmd), found.username, store.end_sessions)
        except DomainError as error:
            raise click.ClickException(error.message) from None
    click.echo(f"second factor of «{found.username}» reset: it enrols again at its next sign-in")
