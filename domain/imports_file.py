"""An imported workbook: the fact that a file (known by its SHA-256) was imported, by whom, and what it
brought. Its id comes from the hash, so the same file is imported once. Event class names are a persisted schema.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity
from domain.values import stable_id


class ImportedFile(Entity):
    """ImportRecorded: a workbook's rows went into the ledger, in the same save as the facts they recorded."""

    @staticmethod
    def create_id(sha256: str) -> UUID:
        return stable_id("import", sha256)

    @event("ImportRecorded")
    def __init__(
        self, sha256: str, file_name: str, rows: dict[str, int], recorded: dict[str, int], by: UUID, role: str,
        at: datetime,
    ) -> None:
        self.sha256 = sha256
        self.file_name = file_name
        self.rows = rows
        self.recorded = recorded
