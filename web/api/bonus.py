"""Agency bonus funds (quỹ tiền thưởng, Decree 73/2024 Art. 4): totals, balance and each person's payments.

A ledger apart from award decisions; it names people and money (personal data, Decree 13/2023), so a
fund is read only by admin, auditor, the head and clerk of its unit (or of the unit it merged into), and
integration tokens with scope `payments` for that unit.
"""

from __future__ import annotations

from uuid import UUID

from domain.rules.read_access import Kind
from projections import queries
from web.api.base import api_blueprint, found, page, window
from web.context import read_conn
from web.read_access import require, visible_window
from web.response_cache import cached_read
from web.api.schemas.common import page_envelope
from web.api.schemas.bonus import BonusFundArgsSchema, BonusFundSchema, BonusFundSummarySchema

blp = api_blueprint("api_bonus", "Quỹ tiền thưởng theo Nghị định 73/2024/NĐ-CP (ngoài quỹ thi đua, khen thưởng)")


@blp.route("/bonus-funds")
@cached_read
@blp.etag
@blp.arguments(BonusFundArgsSchema, location="query")
@blp.response(200, page_envelope(BonusFundSummarySchema))
def list_bonus_funds(args: dict) -> dict:
    """Bonus funds, latest year first, with what was allocated, paid and what is left.

    Personal data: only the funds the token may read (see the fund) are listed."""
    filters = {k: args.get(k) for k in ("unit_id", "year", "status")}

    def rows(limit: int | None, offset: int) -> tuple[list[dict], int]:
        return queries.list_bonus_funds(read_conn(), **filters, limit=limit, offset=offset)

    items, total = visible_window(rows, Kind.PAYMENTS, "fund_id", **window(args))
    return page(items, total, args)


@blp.route("/bonus-funds/<uuid:fund_id>")
@cached_read
@blp.etag
@blp.response(200, BonusFundSchema)
def get_bonus_fund(fund_id: UUID) -> dict:
    """A fund with each payment (periodic by rating and level, ad hoc with its reason) and per-person totals.

    Personal data: 403 unless the token is admin, auditor, head or clerk of the fund's unit (or of the unit it
    merged into), or an integration token with scope `payments` for it."""
    fund = found(queries.get_bonus_fund(read_conn(), fund_id), "Không tìm thấy quỹ tiền thưởng.")
    require(Kind.PAYMENTS, fund_id)
    return fund
