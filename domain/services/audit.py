"""Audit (kiểm toán, thanh tra): sealed digests, items as of a moment, what changed between two moments,
and everything a signed award rested on. Apart from sealing, nothing here writes.

The hash chain and the time index live beside the event store; the domain reaches them through
the `LedgerIndex` port, which adapters implement and bootstrap injects.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.council import CouncilSession
from domain.decision import AwardDecision
from domain.exceptions import DuplicateError, InvalidCommandError, NotFoundError, StageOrderError
from domain.explanation import council_of, describe, money_of, plain, posting_of, rules_of, step
from domain.nomination import Nomination
from domain.rulebook import Rulebook
from domain.seal import ChainPoint, LedgerSeal, SealLedger, Verification
from domain.services.base import ServiceBase
from domain.values import Actor, Role, Stage

Moment = datetime | int  # a recorded time, or an event position
DIFF_LIMIT = 1000


class LedgerIndex(Protocol):
    """The hash chain and the time index (sổ cái), read without scanning the whole store."""

    def chain_head(self) -> ChainPoint | None: ...

    def chain_at(self, position: int) -> ChainPoint | None: ...

    def version_at(self, originator_id: UUID, at: datetime) -> int | None: ...

    def version_at_position(self, originator_id: UUID, position: int) -> int | None: ...

    def position_at(self, at: datetime) -> int: ...

    def position_of(self, originator_id: UUID, version: int) -> int | None: ...

    def verify(self, digest: str | None = None) -> Verification: ...


class AuditService(ServiceBase):
    ledger: LedgerIndex | None = None  # injected by the composition root

    def _ledger(self) -> LedgerIndex:
        if self.ledger is None:
            raise InvalidCommandError("Kho dữ liệu này không có sổ cái chống sửa đổi (chuỗi băm, chỉ mục thời gian).")
        return self.ledger

    def seal_ledger(self, actor: Actor, cmd: SealLedger) -> UUID:
        """Seal the chain's current digest (niêm phong); the same head is sealed once."""
        self.authorise(actor, (Role.ADMIN,))
        head = self._ledger().chain_head()
        if head is None:
            raise InvalidCommandError("Sổ cái chưa có sự kiện nào để niêm phong.")
        if self._is_seal(head.position):
            raise DuplicateError(f"Không có sự kiện mới kể từ lần niêm phong tại sự kiện #{head.position}.")
        return self._seal(actor, f"position/{head.position}", head, cmd.reason or "Niêm phong theo yêu cầu.")

    def seal_after_signing(self, actor: Actor, decision_id: UUID) -> UUID | None:
        """Seal the digest that covers a just-signed decision (no-op on a store without a ledger)."""
        head = self.ledger.chain_head() if self.ledger else None
        if head is None:
            return None
        return self._seal(actor, f"decision/{decision_id}", head, f"Niêm phong khi ký quyết định {decision_id}.")

    def _is_seal(self, position: int) -> bool:
        last = self.recorder.select_notifications(position, 1)
        return bool(last) and last[0].topic == get_topic(LedgerSeal.DigestSealed)

    def _seal(self, actor: Actor, subject: str, head: ChainPoint, reason: str) -> UUID:
        seal = LedgerSeal(
            subject=subject, position=head.position, chain_hash=head.chain_hash, count=head.count,
            sealed_at=self.now(), reason=reason, by=actor.person_id, role=actor.role.value,
        )
        self.commit(seal, duplicate=f"Sổ cái đã được niêm phong tại sự kiện #{head.position}.")
        return seal.id

    def get_seal(self, seal_id: UUID) -> dict:
        """A seal, and whether the chain still has the sealed hash at the sealed position."""
        return self._seal_view(self.load(seal_id, LedgerSeal, "niêm phong", read_only=True))

    def _seal_view(self, seal: LedgerSeal) -> dict:
        now = self.ledger.chain_at(seal.position) if self.ledger else None
        return {**describe(seal), "seal_id": str(seal.id), "intact": None if now is None else now == seal.point}

    def verify_ledger(self, digest: str | None = None) -> Verification:
        """Check the whole store; with a published digest, also where the chain reached it."""
        return self._ledger().verify(digest)

    def item_as_of(self, item_id: UUID, at: datetime | None = None, position: int | None = None) -> dict:
        """An item as it stood at a recorded time or an event position (now if neither is given)."""
        version = None
        if position is not None:
            version = self._ledger().version_at_position(item_id, position)
        elif at is not None:
            version = self._ledger().version_at(item_id, at)
        if version is None and (position is not None or at is not None):
            raise NotFoundError(f"Mục «{item_id}» chưa tồn tại vào thời điểm đó.")
        item = self.load(item_id, object, "mục", version)
        return plain({
            "item_id": item_id, "kind": type(item).__name__, "version": item.version,
            "position": self.ledger.position_of(item_id, item.version) if self.ledger else None,
            "recorded_at": item.modified_on, "state": describe(item),
        })

    def position_of_moment(self, moment: Moment) -> int:
        """An event position as given, or the last one recorded at or before a time."""
        return moment if isinstance(moment, int) else self._ledger().position_at(moment)

    def diff(self, since: Moment, until: Moment, limit: int = DIFF_LIMIT) -> dict:
        """What changed between two moments: every step, by whom, in which role, under which rule set."""
        start, stop = self.position_of_moment(since), self.position_of_moment(until)
        if stop < start:
            raise InvalidCommandError("Thời điểm sau phải muộn hơn thời điểm trước.")
        notifications = self.recorder.select_notifications(start, limit + 1, stop=stop, inclusive_of_start=False)
        changes = [step(self.mapper.to_domain_event(n), n.id) for n in notifications[:limit]]
        return {"from_position": start, "to_position": stop, "changes": changes, "truncated": len(notifications) > limit}

    def explain_award(self, nomination_id: UUID) -> dict:
        """Everything a decided nomination rested on, as of the decision's signing, and the seal over it."""
        nomination = self.load(nomination_id, Nomination, "hồ sơ đề nghị", read_only=True)
        if nomination.stage not in (Stage.DECIDED, Stage.NOT_AWARDED) or nomination.decision_id is None:
            raise StageOrderError("Hồ sơ chưa có quyết định khen thưởng đã ký.")
        history = list(self.events.get(nomination_id))
        decided = max(i for i, e in enumerate(history) if isinstance(e, Nomination.Decided))
        then = self.load(nomination_id, Nomination, "hồ sơ đề nghị", history[decided].originator_version)
        steps = [step(e, self._position(e)) for e in history[: decided + 1]]
        decision = self._signed(then.decision_id)
        session = self.load(then.council["session_id"], CouncilSession, "phiên họp", read_only=True) if then.council else None
        ruleset = self.load(Rulebook.create_id(decision.ruleset_version), Rulebook, "bộ quy tắc", read_only=True).ruleset
        return {
            "nomination": describe(then),
            "as_of": steps[-1]["position"],
            "dossier": [s for s in steps if s["event"] in ("Drafted", "DossierRevised")],
            "stages": steps,
            "returns": [s for s in steps if s["event"] == "Returned"],
            "posting": posting_of(steps),
            "council": council_of(session, nomination_id) if session else None,
            "rules": rules_of(ruleset, then, decision, steps),
            "money": money_of(decision, nomination_id),
            "decision": {**describe(decision), "decision_id": str(decision.id)},
            "seal": self._decision_seal(decision.id),
            "since_signing": self._since_signing(decision.id),
        }

    def _position(self, event: Any) -> int | None:
        return self.ledger.position_of(event.originator_id, event.originator_version) if self.ledger else None

    def _signed(self, decision_id: UUID) -> AwardDecision:
        """The decision as it was signed (later amendments are other decisions)."""
        signed = next(e for e in self.events.get(decision_id) if isinstance(e, AwardDecision.Signed))
        return self.load(decision_id, AwardDecision, "quyết định", signed.originator_version)

    def _since_signing(self, decision_id: UUID) -> dict:
        """Whether a later decision has since amended or revoked this one (the explanation stays as signed)."""
        now = self.load(decision_id, AwardDecision, "quyết định")
        return plain({"superseded_by": now.superseded_by, "revoked": now.revoked})

    def _decision_seal(self, decision_id: UUID) -> dict | None:
        seal_id = LedgerSeal.create_id(f"decision/{decision_id}")
        seal = self.find(seal_id, LedgerSeal, read_only=True)
        return self._seal_view(seal) if seal is not None else None
