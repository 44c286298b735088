"""Sign-in security in the ledger (issue #21): which roles must sign in with a second factor, and an
administrator's reset of a person's second factor (a lost phone) as a fact: who, for whom, when and why.

The TOTP secret and the recovery codes are credentials beside the ledger (adapters/accounts_second_factor.py);
no event carries them. The catalogue name of the reset is SecondFactorReset.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity
from domain.exceptions import InvalidCommandError, PermissionDeniedError
from domain.organisation import Person
from domain.services.base import ServiceBase
from domain.values import Actor, Role

TRUSTEE = "trustee"  # a council session's ballot trustee beyond the secretariat: its chair (domain.ballot.trustees)
DEFAULT_REQUIRED_ROLES = (Role.SIGNER.value, Role.SECRETARIAT.value, Role.ADMIN.value, TRUSTEE)


def requires_second_factor(
    held_roles: Iterable[str], required_roles: Iterable[str], is_trustee: Callable[[], bool] = lambda: False,
) -> bool:
    """Whether a person holding `held_roles` must sign in with a second factor under the policy `required_roles`;
    `is_trustee` (asked only when it matters) tells whether they chair a session whose ballots are not yet counted."""
    required = set(required_roles)
    return not required.isdisjoint(held_roles) or (TRUSTEE in required and is_trustee())


@dataclass(frozen=True)
class ResetSecondFactor:
    """An administrator forgets a person's second factor, so that they enrol again at their next sign-in."""

    person_id: UUID
    username: str
    reason: str


class SecondFactorReset(Entity):
    """One reset: the account, the person it signs in as, and the administrator's reason."""

    @event("Recorded")
    def __init__(self, person_id: UUID, username: str, reason: str, by: UUID, role: str, at: datetime) -> None:
        self.person_id = person_id
        self.username = username
        self.reason = reason
        self.by = by


class AccountSecurityService(ServiceBase):
    def reset_second_factor(self, actor: Actor, cmd: ResetSecondFactor) -> int:
        """Record a reset by an administrator, for someone else's account, with a reason."""
        self.authorise(actor, (Role.ADMIN,))
        if cmd.person_id == actor.person_id:
            raise PermissionDeniedError("Quản trị viên không được tự đặt lại xác thực hai lớp của chính mình.")
        if not cmd.reason.strip():
            raise InvalidCommandError("Cần ghi lý do đặt lại xác thực hai lớp.")
        self.load(cmd.person_id, Person, "người", read_only=True)
        return self.commit(SecondFactorReset(cmd.person_id, cmd.username, cmd.reason, **self.who(actor)))
