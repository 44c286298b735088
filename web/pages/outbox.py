"""Administration page of the mail outbox (issue #21): the reminder e-mails pending, sent and dead (refused
THIDUA_SMTP_MAX_ATTEMPTS times), each with its last error; a dead one put back in the queue, who did it and
when kept on its row (operational data, outside the ledger, as the outbox itself)."""

from __future__ import annotations

from datetime import datetime

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from domain.clock import VIETNAM
from web.context import services
from web.pages.admin import bp
from web.pages.admin_access import people_names
from web.pages.common import render_page

SHOWN = 200  # the newest rows of a status on the page


def local(stamp: str | None) -> str:
    """A row's UTC instant as Vietnam's time, dd/mm/yyyy hh:mm; blank for none."""
    return f"{datetime.fromisoformat(stamp).astimezone(VIETNAM):%d/%m/%Y %H:%M}" if stamp else ""


def mail_outbox():  # -> adapters.outbox.Outbox
    return current_app.extensions["outbox"]


@bp.get("/admin/outbox")
def outbox_rows() -> str:
    """The newest rows of one status (dead first: what needs an admin), with each status's count."""
    status = request.args.get("status", "dead")
    if status not in mail_outbox().statuses:
        abort(404)
    return render_page("admin/outbox.html", status=status, rows=mail_outbox().rows(status, limit=SHOWN),
                       counts=mail_outbox().counts(), names={str(k): v for k, v in people_names().items()}, shown=SHOWN, local=local)


@bp.post("/admin/outbox/<row_id>/requeue")
def requeue_mail(row_id: str) -> Response:
    """A dead e-mail sent again at the next tick, its attempts counted afresh (CSRF checked for every post)."""
    if mail_outbox().requeue(row_id, current_user.person_id, services().now()):
        flash(_("Đã đưa thư trở lại hàng đợi gửi."), "success")
    else:
        flash(_("Thư này không gửi lại được: không nằm trong danh sách gửi không được (đã gửi, đang chờ hoặc không có), "
                "hoặc người nhận đã hủy nhận thư."), "error")
    return redirect(url_for(".outbox_rows", status="dead"), 303)
