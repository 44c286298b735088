"""Administration pages for emulation clusters (members by date, head and deputy per year) and rule overlays
(published after a preview of what they change in the rule set in force)."""

from __future__ import annotations

import json
from uuid import UUID

from flask import request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from domain import commands as c
from domain.exceptions import DomainError
from projections import queries
from web.context import read_conn, services
from web.forms import options
from web.forms_admin import ClusterForm, HeadForm, MembershipForm, OverlayForm
from web.ui_admin import bp, done_or_page, unit_options
from web.ui_common import execute_form, flash_error, parse_uuid, render_page, today


@bp.route("/admin/clusters", methods=["GET", "POST"])
def clusters() -> str | Response:
    """Every cluster with its members today, and the form to form one."""
    form = ClusterForm()
    result = None
    if form.validate_on_submit():
        cmd = c.FormCluster(form.key.data, form.name.data)
        result = execute_form(services().form_cluster, cmd, _("Đã thành lập cụm thi đua."), lambda new: url_for(".cluster", cluster_id=new))
    found = [services().get_cluster(i) for i in queries.items_of_kind(read_conn(), "Cluster")]
    return done_or_page(result, lambda: render_page("admin/clusters.html", clusters=found, form=form, names=unit_names()))


def unit_names() -> dict[UUID, str]:
    return {u["unit_id"]: u["name"] for u in queries.list_units(read_conn())}


def cluster_page(cluster_id: UUID, membership: MembershipForm | None = None, head: HeadForm | None = None) -> str:
    cluster = services().get_cluster(cluster_id)
    membership = membership or membership_form(data={"on": today()})
    head = head or head_form(data={"year": today().year})
    return render_page("admin/cluster.html", cluster=cluster, membership=membership, head=head, names=unit_names())


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
    result = None
    if form.validate_on_submit():
        cmd = c.ChangeClusterMembership(cluster_id, UUID(form.unit.data), form.change.data == "join", form.on.data, form.reason.data or "")
        result = execute_form(services().change_cluster_membership, cmd, _("Đã cập nhật thành viên cụm."), url_for(".cluster", cluster_id=cluster_id))
    return done_or_page(result, lambda: cluster_page(cluster_id, membership=form))


@bp.post("/admin/clusters/<uuid:cluster_id>/heads")
def assign_head(cluster_id: UUID) -> str | Response:
    form = head_form()
    result = None
    if form.validate_on_submit():
        cmd = c.AssignClusterHead(cluster_id, UUID(form.head.data), form.year.data, parse_uuid(form.deputy.data))
        result = execute_form(services().assign_cluster_head, cmd, _("Đã phân công cụm trưởng, cụm phó."), url_for(".cluster", cluster_id=cluster_id))
    return done_or_page(result, lambda: cluster_page(cluster_id, head=form))


@bp.route("/admin/overlays", methods=["GET", "POST"])
def overlays() -> str | Response:
    """Publish (or amend) an overlay for an issuing unit or a campaign; "preview" shows what it would change
    in the rule set in force today, without recording anything."""
    published = services().list_overlays()
    form = OverlayForm(data=amending(published))
    form.target.choices = overlay_targets()
    changes, result = None, None
    if form.validate_on_submit():
        if form.preview.data:
            changes = preview(form.overlay.parsed)
        else:
            cmd = c.PublishOverlay(form.scope.data, UUID(form.target.data), form.overlay.parsed, form.reason.data)
            result = execute_form(services().publish_overlay, cmd, _("Đã công bố quy định bổ sung."), url_for(".overlays"))
    targets = {choice.value: choice.label for choice in form.target.choices}
    return done_or_page(result, lambda: render_page(
        "admin/overlays.html", form=form, changes=changes, published=published, targets=targets,
    ))


def amending(published: list[dict]) -> dict:
    """The form filled with the overlay `?scope=&target=` names, to amend it (empty when none is named)."""
    scope, target = request.args.get("scope"), parse_uuid(request.args.get("target"))
    found = next((o for o in published if o["scope"] == scope and o["scope_id"] == target), None)
    if found is None:
        return {}
    return {"scope": scope, "target": str(target), "overlay": json.dumps(found["overlay"], ensure_ascii=False, indent=2)}


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
