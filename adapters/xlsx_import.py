"""Reading an import workbook (.xlsx) with python-calamine: each sheet's rows of cell values, and the
file's SHA-256 (the import's identity)."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from adapters.xlsx_templates import template_bytes
from domain.exceptions import InvalidCommandError, NotFoundError
from domain.imports_service import Workbook

MAX_BYTES = 50 * 1024 * 1024  # a province's records fit in a few megabytes


def read_workbook(content: bytes, file_name: str) -> Workbook:
    """The workbook in `content`; a file that is not an .xlsx workbook is refused with a clear message."""
    if len(content) > MAX_BYTES:
        raise InvalidCommandError("Tệp quá lớn (tối đa 50 MB).")
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheets = {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}
    except (CalamineError, ValueError, OSError):
        raise InvalidCommandError(f"Không đọc được tệp «{file_name}»: đây không phải một bảng tính Excel (.xlsx).") from None
    return Workbook(hashlib.sha256(content).hexdigest(), file_name, {name: [strip(r) for r in rows] for name, rows in sheets.items()})


def strip(row: list[Any]) -> list[Any]:
    """Calamine gives empty cells as ''; the import reads them as blank either way."""
    return [None if value == "" else value for value in row]



class ImportFiles:
    """Workbooks uploaded for import, kept by their SHA-256 between the dry run and the confirmed import
    (in the instance folder, never served: they hold personal data)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @staticmethod
    def read(content: bytes, file_name: str) -> Workbook:
        return read_workbook(content, file_name)

    def keep(self, content: bytes, file_name: str) -> Workbook:
        """Read an uploaded workbook and keep it for a later confirmed import."""
        workbook = read_workbook(content, file_name)
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f"{workbook.sha256}.xlsx").write_bytes(content)
        (self.folder / f"{workbook.sha256}.name").write_text(file_name, encoding="utf-8")
        return workbook

    def kept(self, sha256: str) -> Workbook:
        """A kept workbook by its hash; NotFoundError when none was kept (or the hash is not one)."""
        path = self.folder / f"{sha256}.xlsx"
        if not re.fullmatch(r"[0-9a-f]{64}", sha256) or not path.is_file():
            raise NotFoundError("Không tìm thấy tệp đã tải lên; hãy tải tệp lên và kiểm tra lại.")
        return read_workbook(path.read_bytes(), (self.folder / f"{sha256}.name").read_text(encoding="utf-8"))

    def forget(self, sha256: str) -> None:
        for suffix in (".xlsx", ".name"):
            (self.folder / f"{sha256}{suffix}").unlink(missing_ok=True)

    @staticmethod
    def template() -> bytes:
        return template_bytes()
