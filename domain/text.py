"""Text as the domain keeps it: NFC-normalised, trimmed, printable, bounded in length.

Every command's text is cleaned once, where it enters the application (`clean_command`), so that
"Nguyễn" typed as NFC or as NFD is one name and one key, and no control character, NUL or invisible
value reaches the ledger. Refusals name the field in Vietnamese.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import Any

from domain.exceptions import InvalidCommandError

KEY_MAX, LABEL_MAX, NAME_MAX, TITLE_MAX, TEXT_MAX, NESTED_MAX = 64, 255, 255, 1000, 10_000, 20_000
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width characters, stripped at the edges like spaces
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LINE_BREAKS = set("\n\r\t")
EDGES = re.compile(f"^[\\s{INVISIBLE}]+|[\\s{INVISIBLE}]+$")
KEY = re.compile(r"[^\W_][\w.-]*")


def nfc(value: str) -> str:
    """The NFC form, trimmed of spaces and zero-width characters: how keys are looked up, too."""
    return EDGES.sub("", unicodedata.normalize("NFC", value))


def clean_key(value: object, field: str, max_len: int = KEY_MAX) -> str:
    """A key (mã): letters and digits, then letters, digits, «-», «_» or «.»; no spaces."""
    key = clean_name(value, field, max_len)
    if not KEY.fullmatch(key):
        raise InvalidCommandError(
            f"«{field}» chỉ gồm chữ cái, chữ số và các dấu «-», «_», «.» (không có khoảng trắng), "
            "bắt đầu bằng chữ hoặc số."
        )
    return key


def clean_name(value: object, field: str, max_len: int = NAME_MAX) -> str:
    """A required one-line text (a name, a title): not blank, no control character, at most `max_len` long."""
    name = clean_label(value, field, max_len)
    if not name:
        raise InvalidCommandError(f"«{field}» không được để trống.")
    return name


def clean_label(value: object, field: str, max_len: int = LABEL_MAX) -> str:
    """An optional one-line text (a code, a position, a title line): may be empty."""
    return _clean(value, field, max_len, allowed=set())


def clean_text(value: object, field: str, max_len: int = TEXT_MAX) -> str:
    """An optional free text (a reason, a comment, achievements): line breaks and tabs allowed."""
    return _clean(value, field, max_len, allowed=LINE_BREAKS)


def visible(value: object) -> bool:
    """Whether a value is a text with something to read in it."""
    return isinstance(value, str) and bool(nfc(value))


def _clean(value: object, field: str, max_len: int, allowed: set[str]) -> str:
    if not isinstance(value, str):
        raise InvalidCommandError(f"«{field}» phải là chuỗi ký tự.")
    text = nfc(value)
    if any(_is_control(ch) and ch not in allowed for ch in text):
        raise InvalidCommandError(f"«{field}» có ký tự điều khiển hoặc ký tự ẩn không được phép.")
    if len(text) > max_len:
        raise InvalidCommandError(f"«{field}» dài quá {max_len} ký tự.")
    return text


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cs", "Co") or ch in BIDI_CONTROLS


# --- commands ---------------------------------------------------------------------------------

RULES: dict[str, tuple[Any, int]] = {  # a command's text field -> how it is cleaned and its limit
    "key": (clean_key, KEY_MAX),
    "name": (clean_name, NAME_MAX),
    "full_name": (clean_name, NAME_MAX),
    "theme": (clean_name, TITLE_MAX),
    "title": (clean_name, TITLE_MAX),
    "number": (clean_name, 40),
    "subject": (clean_name, TITLE_MAX),
    "period_label": (clean_name, LABEL_MAX),
    "achievements": (clean_text, TEXT_MAX),
    "summary": (clean_text, TEXT_MAX),
    "summary_arrangement": (clean_text, TEXT_MAX),
    "reason": (clean_text, TEXT_MAX),
    "comment": (clean_text, TEXT_MAX),
    "resolution": (clean_text, TEXT_MAX),
    "text": (clean_text, TEXT_MAX),
    "kind": (clean_label, 20),  # the short codes below are kept in read-model columns this wide
    "scope": (clean_label, 20),
    "form": (clean_label, 20),
    "title_code": (clean_label, 20),
    "abbreviation": (clean_label, 20),
    "gender": (clean_label, 10),
    "province": (clean_label, 60),
}
LABEL = (clean_label, LABEL_MAX)  # any other text field: a code, a kind, a position
VERBATIM = frozenset({"passphrase", "passphrases", "password", "secret"})  # secrets are taken as typed
FIELD_NAMES = {  # how a refusal names a field
    "key": "Mã", "code": "Mã", "name": "Tên", "full_name": "Họ và tên", "short_name": "Tên viết tắt",
    "theme": "Chủ đề", "title": "Tên sáng kiến", "number": "Số quyết định", "decision_number": "Số quyết định",
    "subject": "Trích yếu", "period_label": "Kỳ báo cáo", "achievements": "Thành tích", "summary": "Tổng kết",
    "summary_arrangement": "Hình thức tổng kết", "reason": "Lý do", "comment": "Ý kiến", "resolution": "Kết quả xử lý",
    "text": "Nội dung", "position": "Chức vụ", "kind": "Loại", "scope": "Phạm vi", "form": "Hình thức",
    "gender": "Giới tính", "province": "Tỉnh", "abbreviation": "Ký hiệu viết tắt", "signer_title": "Chức danh người ký",
    "title_code": "Danh hiệu", "item": "Nội dung thi đua", "target": "Chỉ tiêu", "evidence": "Minh chứng",
    "values": "Giá trị chỉ tiêu", "mottos": "Khẩu hiệu", "legal_bases": "Căn cứ", "preamble": "Lời mở đầu",
    "notes": "Ghi chú", "registered_titles": "Danh hiệu đăng ký",
}


def field_name(field: str) -> str:
    return FIELD_NAMES.get(field, field)


def max_length(field: str) -> int:
    """The longest text a command's field takes (for forms and schemas to say the same)."""
    return RULES.get(field, LABEL)[1]


def clean_command(cmd: Any) -> Any:
    """The command with every text cleaned by its field's rule, and the texts inside its lists and
    dictionaries NFC-normalised and free of control characters; secrets (VERBATIM) stay as typed."""
    if not dataclasses.is_dataclass(cmd) or isinstance(cmd, type):
        return cmd
    changes = {}
    for field in dataclasses.fields(cmd):
        if field.name in VERBATIM:
            continue
        value = getattr(cmd, field.name)
        if isinstance(value, str):
            rule, max_len = RULES.get(field.name, LABEL)
            cleaned = rule(value, field_name(field.name), max_len)
            if cleaned is not value:  # a text already clean leaves the command as it is
                changes[field.name] = cleaned
        elif isinstance(value, (dict, list)):
            changes[field.name] = clean_nested(value, field_name(field.name))
    return dataclasses.replace(cmd, **changes) if changes else cmd


def clean_nested(value: Any, field: str) -> Any:
    """Lists and dictionaries with their texts (keys too) NFC-normalised and checked, other values as they are."""
    if isinstance(value, str):
        return _clean(value, field, NESTED_MAX, allowed=LINE_BREAKS)
    if isinstance(value, dict):
        return {clean_nested(k, field): clean_nested(v, field) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_nested(v, field) for v in value]
    return value
