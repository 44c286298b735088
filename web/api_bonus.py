"""Agency bonus funds (quỹ tiền thưởng, Decree 73/2024 Art. 4): totals, balance and each person's payments.

A ledger apart from award decisions; it names people and money, so reading it needs a token.
"""

from __future__ import annotations

from uuid import UUID

from projections import queries
from web.api_base import api_blueprint, found, page, window
from web.context import read_conn
from web.response_cache import cached_read
from web.schemas import page_envelope
from web.schemas_bonus import BonusFundArgsSchema, BonusFundSchema, BonusFundSummarySchema

blp = api_blueprint("api_bonus", "Quỹ tiền thưởng theo Nghị định 73/2024/NĐ-CP (ngoài quỹ thi đua, khen thưởng)")


@blp.route("/bonus-funds")
@cached_read
@blp.etag
@blp.arguments(BonusFundArgsSchema, location="query")
@blp.response(200, page_envelope(BonusFundSummarySchema))
def list_bonus_funds(args: dict) -> dict:
    """Bonus funds, latest year first, with what was allocated, paid and what is left."""
    filters = {k: args.get(k) for k in ("unit_id", "year", "status")}
    items, total = queries.list_bonus_funds(read_conn(), **filters, **window(args))
    return page(items, total, args)


@blp.route("/bonus-funds/<uuid:fund_id>")
@cached_read
@blp.etag
@blp.response(200, BonusFundSchema)
def get_bonus_fund(fund_id: UUID) -> dict:
    """A fund with each payment (periodic by rating and level, ad hoc with its reason) and per-person totals."""
    return found(queries.get_bonus_fund(read_conn(), fund_id), "Không tìm thấy quỹ tiền thưởng.")
