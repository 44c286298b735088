"""Administration pages for emulation clusters (members by date, head and deputy per year) and rule overlays
(published after a preview of what they change in the rule set in force)."""

from __future__ import annotations

import json
from functools import partial
from uuid import UUID

from flask import abort, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from domain import commands as c
from domain.exceptions import DomainError, NotFoundError
from projections import queries
from web.context import read_conn, services
from web.pages.forms import options
from web.pages.forms_admin import ClusterForm, HeadForm, MembershipForm, OverlayForm
from web.pages.admin import bp, submit, unit_options
from web.pages.common import flash_error, parse_uuid, render_page, today


@bp.route("/admin/clusters", methods=["GET", "POST"])
def clusters() -> str | Response:
    """Every cluster with its members today, and the form to form one."""
    form = ClusterForm()
    return submit(
        form, lambda: c.FormCluster(form.key.data, form.name.data),
        services().form_cluster, _("Đã thành lập cụm thi đua."), cluster_url, lambda: clusters_page(form),
    )


def clusters_page(form: ClusterForm) -> str:
    found = [services().get_cluster(i) for i in queries.items_of_kind(read_conn(), "Cluster")]
    return render_page("admin/clusters.html", clusters=found, form=form, names=unit_names())


def cluster_url(cluster_id: UUID) -> str:
    return url_for(".cluster", cluster_id=cluster_id)


def unit_names() -> dict[UUID, str]:
    return {u["unit_id"]: u["name"] for u in queries.list_units(read_conn())}


def cluster_page(cluster_id: UUID, membership: MembershipForm | None = None, head: HeadForm | None = None) -> str:
    cluster = cluster_or_404(cluster_id)
    membership = membership or membership_form(data={"on": today()})
    head = head or head_form(data={"year": today().year})
    return render_page("admin/cluster.html", cluster=cluster, membership=membership, head=head, names=unit_names())


def cluster_or_404(cluster_id: UUID) -> dict:
    try:
        return services().get_cluster(cluster_id)
    except NotFoundError:
        abort(404)


def membership_form(**kwargs: object) -> MembershipForm:
    form = MembershipForm(prefix="membership", **kwargs)
    form.unit.choices = unit_options()
    return form


def head_form(**kwargs: object) -> HeadForm:
    form = HeadForm(prefix="head", **kwargs)
    form.head.choices = unit_options()
    form.deputy.choices = unit_options(_("(không có)"))
    return form


@bp.get("/admin/clusters/<uuid:cluster_id>")
def cluster(cluster_id: UUID) -> str:
    """A cluster: its memberships by date and the head and deputy of each year; change either."""
    return cluster_page(cluster_id)


@bp.post("/admin/clusters/<uuid:cluster_id>/members")
def change_membership(cluster_id: UUID) -> str | Response:
    form = membership_form()
    return submit(
        form, lambda: c.ChangeClusterMembership(
            cluster_id, UUID(form.unit.data), form.change.data == "join", form.on.data, form.reason.data or "",
        ),
        services().change_cluster_membership, _("Đã cập nhật thành viên cụm."), cluster_url(cluster_id),
        lambda: cluster_page(cluster_id, membership=form),
    )


@bp.post("/admin/clusters/<uuid:cluster_id>/heads")
def assign_head(cluster_id: UUID) -> str | Response:
    form = head_form()
    return submit(
        form, lambda: c.AssignClusterHead(
            cluster_id, UUID(form.head.data), form.year.data, parse_uuid(form.deputy.data),
        ),
        services().assign_cluster_head, _("Đã phân công cụm trưởng, cụm phó."), cluster_url(cluster_id),
        lambda: cluster_page(cluster_id, head=form),
    )


@bp.route("/admin/overlays", methods=["GET", "POST"])
def overlays() -> str | Response:
    """Publish (or amend) an overlay for an issuing unit or a campaign; "preview" shows what it would change
    in the rule set in force today, without recording anything."""
    published = services().list_overlays()
    form = OverlayForm(data=amending(published))
    form.target.choices = overlay_targets()
    targets = {choice.value: choice.label for choice in form.target.choices}
    page = partial(render_page, "admin/overlays.html", form=form, published=published, targets=targets)
    if form.preview.data and form.validate_on_submit():
        return page(changes=preview(form.overlay.parsed))
    return submit(
        form, lambda: c.PublishOverlay(form.scope.data, UUID(form.target.data), form.overlay.parsed, form.reason.data),
        services().publish_overlay, _("Đã công bố quy định bổ sung."), url_for(".overlays"), lambda: page(changes=None),
    )


def amending(published: list[dict]) -> dict:
    """The form filled with the overlay `?scope=&target=` names, to amend it (empty when none is named)."""
    scope, target = request.args.get("scope"), parse_uuid(request.args.get("target"))
    found = next((o for o in published if o["scope"] == scope and o["scope_id"] == target), None)
    if found is None:
        return {}
    overlay = json.dumps(found["overlay"], ensure_ascii=False, indent=2)
    return {"scope": scope, "target": str(target), "overlay": overlay}


def overlay_targets() -> list:
    """Units and campaigns an overlay may be laid on (the scope says which kind is meant)."""
    campaigns, _total = queries.list_campaigns(read_conn(), limit=200)
    units = unit_options()
    return units + options((str(k["campaign_id"]), _("Phong trào: %(name)s", name=k["theme"])) for k in campaigns)


def preview(overlay: dict) -> list[dict] | None:
    """The changes, or None with the rule set's refusal flashed."""
    try:
        return services().preview_overlay(overlay, today())
    except DomainError as error:
        flash_error(error)
        return None
