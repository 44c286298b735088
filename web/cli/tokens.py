"""`thidua token create|revoke|list`: API tokens for integrations and people (stored hashed)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

import click

from adapters.tokens import TokenStore
from domain.exceptions import NotFoundError
from domain.organisation import Person
from domain.rules.api_tokens import TokenRefusedError, check_token_grant
from domain.rules.read_access import SCOPES
from domain.values import Role
from web.cli.main import _container, main

ROLES = [r.value for r in Role if r is not Role.SYSTEM]


@contextmanager
def token_store() -> Iterator[tuple[object, TokenStore]]:
    container = _container()
    try:
        yield container, TokenStore.open(container.projector.engine)
    finally:
        container.close()


@main.group()
def token() -> None:
    """API tokens: create (the secret is shown once), revoke, list."""


@token.command("create")
@click.option("--person", "person", required=True, help="the person's id, or their key")
@click.option("--role", required=True, type=click.Choice(ROLES), help="the role the token acts in")
@click.option("--read-only", is_flag=True, help="reads only (always so for integration and auditor)")
@click.option("--label", default="", help="what the token is for, e.g. the system that uses it")
@click.option("--scope", "scopes", multiple=True, type=click.Choice(SCOPES),
              help="personal data an integration token may read, in the units its role is held for (repeatable; none: public data only)")
def create(person: str, role: str, read_only: bool, label: str, scopes: tuple[str, ...]) -> None:
    """Print a new token for a person who holds ROLE; only its hash is kept."""
    with token_store() as (container, store):
        holder = load_person(container.app, person)
        try:
            check_token_grant(Role(role), scopes, {held for held, units in holder.roles.items() if units}, role)
        except TokenRefusedError as error:
            raise click.ClickException(f"{holder.full_name}: {error.message}") from None
        created, secret = store.create(holder.id, Role(role), read_only=read_only, label=label, scopes=scopes)
    mode = "read-only" if created.read_only else "read-write"
    reads = f", scopes {' '.join(sorted(created.scopes))}" if created.scopes else ""
    click.echo(f"token #{created.token_id} for {holder.full_name} as {role} ({mode}{reads}); keep it, it is not shown again:", err=True)
    click.echo(secret)


@token.command("revoke")
@click.argument("token_id", type=int)
def revoke(token_id: int) -> None:
    """Revoke a token at once; later requests with it get 401."""
    with token_store() as (_container_, store):
        if not store.revoke(token_id):
            raise click.ClickException(f"no active token #{token_id}")
    click.echo(f"token #{token_id} revoked")


@token.command("list")
def list_tokens() -> None:
    """Every token: who, which role, read-only or not, created, last used, revoked."""
    with token_store() as (_container_, store):
        for t in store.list():
            state = f"revoked {t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "active"
            used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
            mode = "read-only" if t.read_only else "read-write"
            mode += "".join(f" +{scope}" for scope in sorted(t.scopes))
            click.echo(f"#{t.token_id}\t{t.person_id}\t{t.role.value}\t{mode}\tcreated {t.created_at:%Y-%m-%d}\tlast used {used}\t{state}\t{t.label}")


def load_person(app, person: str) -> Person:  # type: ignore[no-untyped-def]
    try:
        person_id = UUID(person)
    except ValueError:
        person_id = Person.create_id(person)
    try:
        return app.load(person_id, Person, "người")
    except NotFoundError as error:
        raise click.ClickException(error.message) from None
