"""Numbers, quantities and money as the reader's language writes them (Babel, through Flask-Babel's locale):
"83,56%", "1 điển hình", "710.000 đồng" in Vietnamese; "—" where there is no figure."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import format_decimal

NO_FIGURE = "—"
ATTACHED_UNITS = ("%", "‰")  # written against the number; any other unit is a word after a space


def number(value: float | Decimal | None, digits: int = 2) -> str:
    """A number with the locale's separators and at most `digits` decimals ("83,56", "1.250")."""
    if value is None:
        return NO_FIGURE
    return format_decimal(value, format="#,##0" + ("." + "#" * digits if digits else ""))


def quantity(value: float | Decimal | None, unit: str | None = None, digits: int = 2) -> str:
    """A number with its unit: "83,56%", "1 điển hình"; "—%" or "— điển hình" without a figure."""
    unit = (unit or "").strip()
    if not unit:
        return number(value, digits)
    return f"{number(value, digits)}{'' if unit in ATTACHED_UNITS else ' '}{unit}"


FILTERS = {"vn_number": number, "quantity": quantity}
