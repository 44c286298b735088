"""Award decision (quyết định khen thưởng): drafted with its awardee list and money, signed, amended or revoked.

A decision is amended or revoked only by a later decision that names it. Event class names
are a persisted schema.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity
from domain.exceptions import InvalidCommandError, SeparationOfDutiesError, StageOrderError
from domain.values import stable_id

KINDS = ("award", "amendment", "revocation")


class AwardDecision(Entity):
    """Id = uuid5(issuer, year, number): a number is used once per issuer and year."""

    @staticmethod
    def create_id(issuer_id: UUID, year: int, number: str) -> UUID:
        return stable_id("decision", issuer_id, year, number)

    @event("Drafted")
    def __init__(
        self, issuer_id: UUID, year: int, number: str, kind: str, target_decision_id: UUID | None,
        subject: str, decision_date: date, signer_id: UUID, signer_title: str, authority_level: str,
        legal_bases: list[str], items: list[dict], totals: dict, ruleset_version: str, reason: str,
        by: UUID, role: str, at: datetime,
    ) -> None:
        self.issuer_id = issuer_id
        self.year = year
        self.number = number
        self.kind = kind
        self.target_decision_id = target_decision_id
        self.subject = subject
        self.decision_date = decision_date
        self.signer_id = signer_id
        self.signer_title = signer_title
        self.authority_level = authority_level
        self.legal_bases = legal_bases
        self.items = items
        self.totals = totals
        self.ruleset_version = ruleset_version
        self.drafted_by = by
        self.signed_on: date | None = None
        self.document: dict = {}
        self.pdf_sha256 = ""
        self.superseded_by: UUID | None = None
        self.revoked = False
        self.discarded = False

    @property
    def nomination_ids(self) -> list[UUID]:
        return [item["nomination_id"] for item in self.items]

    @property
    def is_signed(self) -> bool:
        return self.signed_on is not None

    def sign(
        self, signed_on: date, by: UUID, role: str, at: datetime, document: dict | None = None, pdf_sha256: str = "",
    ) -> None:
        """Only the named signer signs an open draft, once, not before its date; the drafter and the awardees
        may not sign. `document`: the names and facts the signed documents are printed from, for good;
        `pdf_sha256`: the hash of the decision's PDF printed from them ("" where no printer is wired)."""
        self.ensure_signable(signed_on, by)
        self._signed(signed_on, by, role, at, document or {}, pdf_sha256)

    def ensure_signable(self, signed_on: date, by: UUID) -> None:
        """Refuse before anything is printed: the draft is open, `by` is its named signer and neither its drafter
        nor an awardee, and its date has come."""
        if self.is_signed:
            raise StageOrderError("Quyết định đã được ký.")
        if self.discarded:
            raise StageOrderError("Dự thảo quyết định đã bị hủy bỏ, không thể ký.")
        if by != self.signer_id:
            raise SeparationOfDutiesError("Chỉ người ký được ghi trong dự thảo mới được ký quyết định.")
        if by == self.drafted_by or by in {item["nominee_id"] for item in self.items}:
            raise SeparationOfDutiesError("Người soạn thảo hoặc người có tên trong danh sách không được ký quyết định.")
        if self.decision_date > signed_on:
            raise StageOrderError(
                f"Quyết định ghi ngày {self.decision_date:%d/%m/%Y}: chưa đến ngày đó, chưa thể ký "
                "(quyết định không được ghi ngày sau ngày ký)."
            )

    class Signed(Entity.Event):
        """DecisionSigned. Version 2 records the facts the documents are printed from and the PDF's SHA-256."""

        class_version = 2
        signed_on: date
        by: UUID
        role: str
        at: datetime
        document: dict
        pdf_sha256: str

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            state.update(document={}, pdf_sha256="")  # signed before the facts were kept: none, never guessed

    @event(Signed)
    def _signed(self, signed_on: date, by: UUID, role: str, at: datetime, document: dict, pdf_sha256: str) -> None:
        self.signed_on = signed_on
        self.document = document
        self.pdf_sha256 = pdf_sha256

    def discard(self, by: UUID, role: str, at: datetime, reason: str) -> None:
        """Discard an unsigned draft, with a reason (its dossiers go back to await a decision)."""
        if self.is_signed:
            raise StageOrderError("Quyết định đã ký không thể hủy bỏ; chỉ sửa đổi hoặc hủy bằng một quyết định khác.")
        if self.discarded:
            raise StageOrderError("Dự thảo quyết định đã bị hủy bỏ.")
        if not reason.strip():
            raise InvalidCommandError("Hủy bỏ dự thảo quyết định phải nêu lý do.")
        self._discarded(by, role, at, reason)

    @event("Discarded")
    def _discarded(self, by: UUID, role: str, at: datetime, reason: str) -> None:
        self.discarded = True

    def supersede(self, by_decision_id: UUID, revoke: bool, by: UUID, role: str, at: datetime, reason: str) -> None:
        """Mark this decision amended or revoked by a later, signed decision."""
        if not self.is_signed or self.revoked:
            raise StageOrderError("Chỉ sửa đổi hoặc hủy một quyết định đã ký và còn hiệu lực.")
        if revoke:
            self._revoked(by_decision_id, by, role, at, reason)
        else:
            self._amended(by_decision_id, by, role, at, reason)

    @event("Amended")
    def _amended(self, by_decision_id: UUID, by: UUID, role: str, at: datetime, reason: str) -> None:
        self.superseded_by = by_decision_id

    @event("Revoked")
    def _revoked(self, by_decision_id: UUID, by: UUID, role: str, at: datetime, reason: str) -> None:
        self.superseded_by = by_decision_id
        self.revoked = True


def check_draft(kind: str, number: str, items: list[dict], target_decision_id: UUID | None, reason: str) -> None:
    if kind not in KINDS:
        raise InvalidCommandError("Loại quyết định không hợp lệ.")
    if not number.strip():
        raise InvalidCommandError("Quyết định phải có số.")
    if kind == "award" and not items:
        raise InvalidCommandError("Quyết định khen thưởng phải có ít nhất một hồ sơ.")
    if kind != "award" and (target_decision_id is None or not reason.strip()):
        raise InvalidCommandError("Quyết định sửa đổi/hủy phải nêu quyết định bị sửa đổi/hủy và lý do.")
    ids = [item["nomination_id"] for item in items]
    if len(set(ids)) != len(ids):
        raise InvalidCommandError("Một hồ sơ chỉ được ghi một lần trong quyết định.")
