"""Evidence files (minh chứng) on disk under the instance folder, named by their content hash.

The ledger records only a reference {name, sha256, size, content_type}; the same file uploaded
twice is stored once. Type and size limits are checked by the form before anything is stored.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 16


def base_name(name: str) -> str:
    """The file's own name, without any folder a browser sent (POSIX or Windows separators)."""
    own = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return own if own not in ("", ".", "..") else "tệp"


class EvidenceStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, stream: BinaryIO, name: str, content_type: str) -> dict:
        """Store the stream (hashing while copying) and return the reference the ledger keeps."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with tempfile.NamedTemporaryFile(dir=self.root, delete=False) as tmp:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                tmp.write(chunk)
        sha256 = digest.hexdigest()
        target = self.path_of(sha256)
        if target.exists():
            os.unlink(tmp.name)
        else:
            os.replace(tmp.name, target)
        return {"name": base_name(name), "sha256": sha256, "size": size, "content_type": content_type}

    def path_of(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(ch not in "0123456789abcdef" for ch in sha256):
            raise ValueError("not a sha256 hex digest")
        return self.root / sha256

    def exists(self, sha256: str) -> bool:
        try:
            return self.path_of(sha256).is_file()
        except ValueError:
            return False
