"""Evidence (minh chứng): a file a unit uploaded, recorded so that reports and dossiers can only cite
files really uploaded for their unit.

Id = uuid5(unit, sha256, name): the same file under the same name is one fact per unit. The file itself
stays outside the ledger, named by its content hash. Event class names are a persisted schema
(`Evidence.Uploaded` is the catalogue's EvidenceUploaded).
"""

from __future__ import annotations

import re
from datetime import datetime
from uuid import UUID

from eventsourcing.domain import event

from domain.base import Entity
from domain.exceptions import InvalidCommandError
from domain.text import clean_name
from domain.values import stable_id

SHA256 = re.compile(r"[0-9a-f]{64}")
REFERENCE_KEYS = {"name", "sha256", "size", "content_type"}
PATH_SEPARATORS = ("/", "\\")


class Evidence(Entity):
    """One uploaded file of one unit: its content hash, base name, size in bytes and content type."""

    @staticmethod
    def create_id(unit_id: UUID, sha256: str, name: str) -> UUID:
        return stable_id("evidence", unit_id, sha256, name)

    @event("Uploaded")
    def __init__(
        self, unit_id: UUID, sha256: str, name: str, size: int, content_type: str, by: UUID, role: str, at: datetime,
    ) -> None:
        self.unit_id = unit_id
        self.sha256 = sha256
        self.name = name
        self.size = size
        self.content_type = content_type

    @property
    def reference(self) -> dict:
        """What a report or a dossier keeps of the file."""
        return {"name": self.name, "sha256": self.sha256, "size": self.size, "content_type": self.content_type}


def clean_reference(reference: object) -> dict:
    """An evidence reference {name, sha256, size, content_type}: a base name (no path), a sha256 hex digest,
    a size of at least one byte, a content type."""
    if not isinstance(reference, dict) or set(reference) != REFERENCE_KEYS:
        raise InvalidCommandError("Minh chứng phải gồm đúng các trường: tên tệp, mã băm sha256, kích thước, loại tệp.")
    name = clean_name(reference["name"], "Tên tệp minh chứng")
    if any(sep in name for sep in PATH_SEPARATORS) or name in (".", ".."):
        raise InvalidCommandError(f"Tên tệp minh chứng «{name}» không được chứa đường dẫn.")
    sha256, size = reference["sha256"], reference["size"]
    if not isinstance(sha256, str) or not SHA256.fullmatch(sha256):
        raise InvalidCommandError(f"Mã băm của tệp minh chứng «{name}» phải là 64 chữ số hệ mười sáu (sha256).")
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
        raise InvalidCommandError(f"Kích thước tệp minh chứng «{name}» phải là số byte lớn hơn 0.")
    content_type = clean_name(reference["content_type"], "Loại tệp minh chứng")
    return {"name": name, "sha256": sha256, "size": size, "content_type": content_type}
