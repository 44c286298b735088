"""Commands on evidence files: a unit's clerk records an upload; reports and dossiers cite only such files."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from domain import commands as c
from domain.evidence import Evidence, clean_reference
from domain.exceptions import InvalidCommandError
from domain.organisation import Unit
from domain.services.base import ServiceBase
from domain.values import Actor, Role


class EvidenceService(ServiceBase):
    def record_evidence(self, actor: Actor, cmd: c.RecordEvidence) -> dict:
        """Record a file uploaded for a unit (EvidenceUploaded) and return the reference to cite it by; the
        same file under the same name is recorded once."""
        self.authorise(actor, (Role.UNIT_CLERK,), cmd.unit_id)
        self.load(cmd.unit_id, Unit, "đơn vị", read_only=True)
        reference = clean_reference(
            {"name": cmd.name, "sha256": cmd.sha256, "size": cmd.size, "content_type": cmd.content_type},
        )
        recorded = self._recorded(cmd.unit_id, reference)
        if recorded is not None:
            return recorded.reference
        evidence = Evidence(unit_id=cmd.unit_id, **reference, **self.who(actor))
        self.commit(evidence)
        return evidence.reference

    def cited_evidence(self, unit_id: UUID, references: Iterable[object], kept: Iterable[dict] = ()) -> list[dict]:
        """The references a report or dossier of the unit cites, each a file uploaded for that unit (same
        sha256, name and size); references it already kept stand as they are."""
        kept = list(kept)
        return [item if item in kept else self._uploaded(unit_id, item) for item in references]  # type: ignore[misc]

    def _uploaded(self, unit_id: UUID, item: object) -> dict:
        reference = clean_reference(item)
        recorded = self._recorded(unit_id, reference)
        if recorded is None or recorded.size != reference["size"]:
            raise InvalidCommandError(
                f"Tệp minh chứng «{reference['name']}» chưa được tải lên cho đơn vị này; "
                "hãy tải tệp lên trước khi dẫn.",
            )
        return recorded.reference

    def _recorded(self, unit_id: UUID, reference: dict) -> Evidence | None:
        evidence_id = Evidence.create_id(unit_id, reference["sha256"], reference["name"])
        return self.find(evidence_id, Evidence, read_only=True)
