"""Authorization matrix: every route of the app, every method, for every kind of caller.

The callers: anonymous; for each role a person can hold, that person signed in to the pages and the
same person with an API token for the role. Each holds exactly one role, everywhere (no unit scope),
so the role alone decides. A page route is also called with an API token and an API route with a
signed-in session: neither channel's credentials open the other's doors.

`EXPECTED` says who may pass each route's role check. A caller outside it must be refused, and the
ledger must not move: 401/403 on the API, a 403 page or a redirect to the sign-in page on the pages.
A caller inside it must not be refused; it may still get 404/409/422 from the domain. API bodies are
valid commands on items that exist, so the role check decides rather than the body's validation (a
token holder without the role who sends an invalid body gets 422 first: what the body must look like
is public in the OpenAPI document anyway; a caller without a token always gets 401 first). A route the
table does not classify fails the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask.testing import FlaskClient

from adapters.accounts import AccountStore
from domain.values import Actor, Role
from tests.builders import grant, person
from tests.conftest import MutableClock
from tests.e2e.api_support import ApiWorld, open_api_world, populate_scene
from tests.e2e.ui_support import csrf_token
from tests.second_factor import answer_second_factor, code_header

R = Role
ANYONE = "anyone"  # no sign-in and no token needed
SIGNED_IN = "signed in"  # any signed-in person (pages) or any valid token (API), whatever the role
PUBLIC_WRITE = "anyone who may write"  # anonymous or any role that writes: read-only tokens are refused
HOLDERS = tuple(r for r in Role if r is not Role.SYSTEM)  # SYSTEM is the loader and the CLI, never a person
READ_ONLY = frozenset({R.AUDITOR, R.INTEGRATION})  # their API tokens only read
PASSWORD = "mat-khau-ma-tran"
UI, API = "pages", "api"


def roles(*allowed: Role) -> frozenset[Role]:
    return frozenset(allowed)


ADMIN, SECRETARIAT, CLERK, HEAD = roles(R.ADMIN), roles(R.SECRETARIAT), roles(R.UNIT_CLERK), roles(R.UNIT_HEAD)
ORGANISERS, HR, REVIEWERS = roles(R.ADMIN, R.SECRETARIAT), roles(R.ADMIN, R.UNIT_CLERK), roles(R.UNIT_HEAD, R.SECRETARIAT)
AUDIT_READERS, BONUS_PREPARERS = roles(R.AUDITOR, R.ADMIN), roles(R.UNIT_HEAD, R.UNIT_CLERK, R.SECRETARIAT)
# personal data, read by role and unit (tests/e2e/test_read_matrix.py); here every role is held everywhere
PAYMENT_READERS = roles(R.ADMIN, R.AUDITOR, R.UNIT_HEAD, R.UNIT_CLERK)
DOSSIER_READERS = PAYMENT_READERS | REVIEWERS | roles(R.COUNCIL_MEMBER)

EXPECTED: dict[tuple[str, str], Any] = {
    # pages
    ("static", "GET"): ANYONE,
    ("ui.home", "GET"): ANYONE,
    ("ui.favicon", "GET"): ANYONE,
    ("search.results", "GET"): ANYONE,
    ("ui.history", "GET"): DOSSIER_READERS,
    ("ui.evidence", "GET"): SIGNED_IN,
    ("auth.login", "GET"): ANYONE,
    ("auth.login", "POST"): ANYONE,
    ("auth.logout", "POST"): ANYONE,
    ("unsubscribe.confirm", "GET"): ANYONE,  # a signed link's holder (tests/integration/test_reminders_outbox.py)
    ("unsubscribe.confirm", "POST"): ANYONE,
    ("unsubscribe.own_preference", "GET"): SIGNED_IN,  # the person's own reminder address and preference
    ("unsubscribe.own_preference", "POST"): SIGNED_IN,
    ("auth.role", "GET"): SIGNED_IN,
    ("auth.role", "POST"): SIGNED_IN,
    ("two_factor.code", "GET"): ANYONE,  # the code after a password (nothing without one)
    ("two_factor.code", "POST"): ANYONE,
    ("two_factor.enrol", "GET"): SIGNED_IN,
    ("two_factor.enrol", "POST"): SIGNED_IN,
    ("two_factor.reset", "GET"): ADMIN,  # another account's second factor, after the admin's own fresh code
    ("two_factor.reset", "POST"): ADMIN,
    ("inbox.inbox", "GET"): SIGNED_IN,
    ("campaigns.detail", "GET"): ANYONE,
    ("campaigns.sign_up", "GET"): CLERK,
    ("campaigns.sign_up", "POST"): CLERK,
    ("campaigns.report", "GET"): CLERK,
    ("campaigns.report", "POST"): CLERK,
    ("campaigns.reports", "GET"): SIGNED_IN,
    ("campaigns.approve_report", "POST"): HEAD,
    ("campaigns.approve_sign_up", "POST"): HEAD,
    ("nominations.index", "GET"): SIGNED_IN,
    ("nominations.new", "GET"): CLERK,
    ("nominations.new", "POST"): CLERK,
    ("nominations.dossier", "GET"): DOSSIER_READERS,
    ("nominations.revise", "POST"): CLERK,
    ("nominations.submit", "POST"): CLERK,
    ("nominations.withdraw", "POST"): CLERK,
    ("review.approve", "POST"): REVIEWERS,
    ("review.return_", "POST"): REVIEWERS,
    ("review.reject", "POST"): REVIEWERS,
    ("review.resolve", "POST"): SECRETARIAT,
    ("review.posting", "GET"): SECRETARIAT,
    ("review.posting", "POST"): SECRETARIAT,
    ("public.postings", "GET"): ANYONE,
    ("public.object_to", "POST"): ANYONE,
    ("council.index", "GET"): SIGNED_IN,
    ("council.session", "GET"): SIGNED_IN,
    ("council.convene", "GET"): SECRETARIAT,
    ("council.convene", "POST"): SECRETARIAT,
    ("council.attendance", "POST"): SECRETARIAT,
    ("council.ballot", "GET"): roles(R.COUNCIL_MEMBER),
    ("council.ballot", "POST"): roles(R.COUNCIL_MEMBER),
    ("council.close", "POST"): SECRETARIAT,
    ("council.trustee_key", "POST"): roles(R.COUNCIL_MEMBER, R.SECRETARIAT),
    ("council.tally", "POST"): SECRETARIAT,
    ("decisions.index", "GET"): SIGNED_IN,
    ("decisions.detail", "GET"): DOSSIER_READERS,  # a draft
    ("decisions.pdf", "GET"): DOSSIER_READERS,
    ("decisions.certificates", "GET"): DOSSIER_READERS,
    ("decisions.draft", "GET"): SECRETARIAT,
    ("decisions.draft", "POST"): SECRETARIAT,
    ("decisions.sign", "POST"): roles(R.SIGNER),
    ("decisions.discard", "POST"): SECRETARIAT,
    ("paperwork.submission", "GET"): DOSSIER_READERS,
    ("paperwork.achievement_report", "GET"): DOSSIER_READERS,
    ("paperwork.ballot", "GET"): SIGNED_IN,
    ("paperwork.minutes", "GET"): SIGNED_IN,
    ("paperwork.tally_record", "GET"): SIGNED_IN,
    ("paperwork.posting_list", "GET"): ANYONE,
    ("statistics.index", "GET"): SIGNED_IN,
    ("statistics.export", "GET"): SIGNED_IN,
    ("statistics.annual_report", "GET"): SIGNED_IN,
    ("audit_pages.index", "GET"): AUDIT_READERS,
    ("audit_pages.diff", "GET"): AUDIT_READERS,
    ("audit_pages.explain", "GET"): AUDIT_READERS,
    ("admin.index", "GET"): ADMIN,
    ("admin.units", "GET"): ADMIN,
    ("admin.units", "POST"): ADMIN,
    ("admin.unit", "GET"): ADMIN,
    ("admin.rename_unit", "POST"): ADMIN,
    ("admin.merge_unit", "POST"): ADMIN,
    ("admin.people", "GET"): ADMIN,
    ("admin.people", "POST"): ADMIN,
    ("admin.person", "GET"): ADMIN,
    ("admin.transfer_person", "POST"): ADMIN,
    ("admin.person_left", "POST"): ADMIN,
    ("admin.grant_role", "POST"): ADMIN,
    ("admin.revoke_role", "POST"): ADMIN,
    ("admin.accounts", "GET"): ADMIN,
    ("admin.accounts", "POST"): ADMIN,
    ("admin.disable_account", "POST"): ADMIN,
    ("admin.reset_password", "GET"): ADMIN,
    ("admin.reset_password", "POST"): ADMIN,
    ("admin.tokens", "GET"): ADMIN,
    ("admin.tokens", "POST"): ADMIN,
    ("admin.revoke_token", "POST"): ADMIN,
    ("admin.import_workbook", "GET"): ADMIN,
    ("admin.import_workbook", "POST"): ADMIN,
    ("admin.confirm_import", "POST"): ADMIN,
    ("admin.import_template", "GET"): ADMIN,
    ("admin.clusters", "GET"): ADMIN,
    ("admin.clusters", "POST"): ADMIN,
    ("admin.cluster", "GET"): ADMIN,
    ("admin.change_membership", "POST"): ADMIN,
    ("admin.assign_head", "POST"): ADMIN,
    ("admin.overlays", "GET"): ADMIN,
    ("admin.holidays", "GET"): ADMIN,
    ("admin.holidays", "POST"): ADMIN,
    ("admin.contacts", "GET"): ADMIN,  # everyone's reminder addresses: personal data
    ("admin.contacts", "POST"): ADMIN,
    ("admin.outbox_rows", "GET"): ADMIN,
    ("admin.requeue_mail", "POST"): ADMIN,
    ("admin.webhooks", "GET"): ADMIN,
    ("admin.webhooks", "POST"): ADMIN,
    ("admin.webhook", "GET"): ADMIN,
    ("admin.change_webhook", "POST"): ADMIN,
    ("admin.webhook_step", "POST"): ADMIN,
    ("admin.rotate_webhook_secret", "POST"): ADMIN,
    ("admin.replay_dead_letters", "POST"): ADMIN,
    ("admin.overlays", "POST"): ADMIN,
    # API: the document and public reads
    ("api-docs.openapi_json", "GET"): ANYONE,
    ("api-docs.openapi_swagger_ui", "GET"): ANYONE,
    ("api_assets.swagger_ui_asset", "GET"): ANYONE,
    ("api.list_campaigns", "GET"): ANYONE,
    ("api.get_campaign", "GET"): ANYONE,
    ("api.list_participants", "GET"): ANYONE,
    ("api.get_standings", "GET"): ANYONE,
    ("api.get_target_attainment", "GET"): ANYONE,
    ("api.export_standings", "GET"): ANYONE,
    ("api_nominations.list_public_postings", "GET"): ANYONE,
    ("api_decisions.list_award_decisions", "GET"): ANYONE,
    ("api_decisions.get_award_decision", "GET"): DOSSIER_READERS,  # a draft
    ("api_decisions.export_award_decision", "GET"): DOSSIER_READERS,
    ("api_directory.get_rulebook", "GET"): ANYONE,
    ("api_calendar.get_holiday_year", "GET"): ANYONE,
    # API: reads with any token
    ("api_nominations.list_nominations", "GET"): SIGNED_IN,
    ("api_nominations.get_nomination", "GET"): DOSSIER_READERS,
    ("api_nominations.get_eligibility", "GET"): DOSSIER_READERS,
    ("api_nominations.pipeline_counts", "GET"): SIGNED_IN,
    ("api_council.list_council_sessions", "GET"): SIGNED_IN,
    ("api_council.get_council_session", "GET"): SIGNED_IN,
    ("api_council.get_tally_proof", "GET"): SIGNED_IN,
    ("api_paperwork.get_submission", "GET"): DOSSIER_READERS,
    ("api_paperwork.get_achievement_report", "GET"): DOSSIER_READERS,
    ("api_paperwork.get_printed_ballot", "GET"): SIGNED_IN,
    ("api_paperwork.get_minutes", "GET"): SIGNED_IN,
    ("api_paperwork.get_tally_record", "GET"): SIGNED_IN,
    ("api_paperwork.get_posting_list", "GET"): ANYONE,
    ("api_statistics.get_yearly_statistics_of", "GET"): SIGNED_IN,
    ("api_statistics.export_yearly_statistics", "GET"): SIGNED_IN,
    ("api_statistics.get_annual_report", "GET"): SIGNED_IN,
    ("api_decisions.person_award_history", "GET"): DOSSIER_READERS,
    ("api_decisions.unit_award_history", "GET"): SIGNED_IN,
    ("api_directory.list_units", "GET"): SIGNED_IN,
    ("api_search.search", "GET"): SIGNED_IN,
    ("api_directory.list_people", "GET"): SIGNED_IN,
    ("api_directory.get_person", "GET"): SIGNED_IN,
    ("api_directory.list_inbox", "GET"): SIGNED_IN,
    ("api_directory.get_audit_trail", "GET"): DOSSIER_READERS,
    ("api_feed.list_events", "GET"): SIGNED_IN,
    ("api_bonus.list_bonus_funds", "GET"): SIGNED_IN,
    ("api_bonus.get_bonus_fund", "GET"): PAYMENT_READERS,
    # API: audit
    ("audit.explain_award", "GET"): AUDIT_READERS,
    ("audit.item_as_of", "GET"): AUDIT_READERS,
    ("audit.diff", "GET"): AUDIT_READERS,
    ("audit.verify_ledger", "GET"): AUDIT_READERS,
    ("audit.seal_ledger", "POST"): ADMIN,
    # API: commands
    ("api_commands.register_unit", "POST"): ADMIN,
    ("api_commands.rename_unit", "POST"): ADMIN,
    ("api_commands.merge_unit", "POST"): ADMIN,
    ("api_commands.register_person", "POST"): HR,
    ("api_commands.transfer_person", "POST"): ADMIN,
    ("api_commands.record_person_left", "POST"): ADMIN,
    ("api_commands.grant_role", "POST"): ADMIN,
    ("api_commands.revoke_role", "POST"): ADMIN,
    ("api_commands.record_discipline", "POST"): ADMIN,
    ("api_commands.recognise_initiative", "POST"): ORGANISERS,
    ("api_commands.record_rating", "POST"): HR,
    ("api_commands.open_proceeding", "POST"): ORGANISERS,
    ("api_commands.close_proceeding", "POST"): ORGANISERS,
    ("api_commands.record_prior_award", "POST"): ADMIN,
    ("api_commands.form_cluster", "POST"): ADMIN,
    ("api_commands.change_cluster_membership", "POST"): ADMIN,
    ("api_commands.assign_cluster_head", "POST"): ADMIN,
    ("api_commands.publish_rulebook", "POST"): ADMIN,
    ("api_commands.record_salary_schedule", "POST"): ADMIN,
    ("api_commands.publish_overlay", "POST"): ORGANISERS,
    ("api_commands.declare_holidays", "POST"): ADMIN,
    ("api_webhooks.list_webhooks", "GET"): AUDIT_READERS,
    ("api_webhooks.list_dead_letters", "GET"): AUDIT_READERS,
    ("api_webhooks.register_webhook", "POST"): ADMIN,
    ("api_webhooks.change_webhook_scope", "POST"): ADMIN,
    ("api_webhooks.pause_webhook", "POST"): ADMIN,
    ("api_webhooks.resume_webhook", "POST"): ADMIN,
    ("api_webhooks.delete_webhook", "POST"): ADMIN,
    ("api_webhooks.rotate_webhook_secret", "POST"): ADMIN,
    ("api_webhooks.replay_dead_letters", "POST"): ADMIN,
    ("api_commands.draft_campaign", "POST"): ORGANISERS,
    ("api_commands.add_content_item", "POST"): ORGANISERS,
    ("api_commands.set_target", "POST"): ORGANISERS,
    ("api_commands.amend_target", "POST"): ORGANISERS,
    ("api_commands.invite_participant", "POST"): ORGANISERS,
    ("api_commands.launch_campaign", "POST"): ORGANISERS,
    ("api_commands.sign_covenant", "POST"): HEAD,
    ("api_commands.close_campaign", "POST"): ORGANISERS,
    ("api_commands.sign_up", "POST"): CLERK,
    ("api_commands.approve_sign_up", "POST"): HEAD,
    ("api_commands.report_progress", "POST"): CLERK,
    ("api_evidence.upload_evidence", "POST"): CLERK,
    ("api_imports.import_workbook", "POST"): ADMIN,
    ("api_commands.correct_report", "POST"): CLERK,
    ("api_commands.approve_report", "POST"): HEAD,
    ("api_commands.withdraw_participation", "POST"): roles(R.UNIT_CLERK, R.UNIT_HEAD),
    ("api_commands.nominate", "POST"): CLERK,
    ("api_commands.revise_dossier", "POST"): CLERK,
    ("api_commands.submit_nomination", "POST"): CLERK,
    ("api_commands.approve_stage", "POST"): REVIEWERS,
    ("api_commands.return_nomination", "POST"): REVIEWERS,
    ("api_commands.withdraw_nomination", "POST"): CLERK,
    ("api_commands.reject_nomination", "POST"): REVIEWERS,
    ("api_commands.post_publicly", "POST"): SECRETARIAT,
    ("api_commands.raise_objection", "POST"): PUBLIC_WRITE,
    ("api_commands.resolve_objection", "POST"): SECRETARIAT,
    ("api_commands.convene_session", "POST"): SECRETARIAT,
    ("api_commands.record_attendance", "POST"): SECRETARIAT,
    ("api_commands.register_trustee_key", "POST"): roles(R.COUNCIL_MEMBER, R.SECRETARIAT),
    ("api_commands.cast_ballot", "POST"): roles(R.COUNCIL_MEMBER),
    ("api_commands.close_session", "POST"): SECRETARIAT,
    ("api_commands.tally_session", "POST"): SECRETARIAT,
    ("api_commands.draft_decision", "POST"): SECRETARIAT,
    ("api_commands.sign_decision", "POST"): roles(R.SIGNER),
    ("api_commands.discard_decision", "POST"): SECRETARIAT,
    ("api_commands.open_bonus_fund", "POST"): BONUS_PREPARERS,
    ("api_commands.allocate_periodic_bonus", "POST"): BONUS_PREPARERS,
    ("api_commands.pay_periodic_bonus", "POST"): HEAD,
    ("api_commands.pay_ad_hoc_bonus", "POST"): HEAD,
    ("api_commands.lapse_bonus_fund", "POST"): BONUS_PREPARERS,
}


@dataclass(frozen=True)
class Caller:
    name: str
    channel: str | None  # UI (signed in), API (token) or None (anonymous)
    role: Role | None = None


ANONYMOUS = Caller("anonymous", None)
CALLERS = (ANONYMOUS, *(Caller(f"{role.value} ({UI})", UI, role) for role in HOLDERS),
           *(Caller(f"{role.value} ({API})", API, role) for role in HOLDERS))


def may_pass(rule: Any, caller: Caller, channel: str, method: str) -> bool:
    """Whether the table lets this caller through a route of `channel`; other channels' credentials count for nothing."""
    role = caller.role if caller.channel == channel else None
    read_only_write = channel == API and method != "GET" and role in READ_ONLY
    if rule == ANYONE:
        return True
    if rule == PUBLIC_WRITE:
        return not read_only_write
    return role is not None and (rule == SIGNED_IN or (role in rule and not read_only_write))


@dataclass
class Matrix:
    api: ApiWorld
    ids: dict[str, str]
    sessions: dict[Role, str]  # the session cookie of each role's signed-in person
    csrf: dict[Role | None, str]
    tokens: dict[Role, dict[str, str]]

    def position(self) -> int:
        return self.api.container.app.recorder.max_notification_id() or 0

    def call(self, caller: Caller, method: str, path: str, body: Any) -> Any:
        """One request in a fresh client (nothing a request leaves in the session reaches the next)."""
        client: FlaskClient = self.api.client.application.test_client()
        headers = self.tokens[caller.role] if caller.channel == API else {}
        if caller.channel == API and path.endswith("/signature"):  # signing needs the signer's code too
            headers = {**headers, **code_header(client.application, f"holder-{caller.role.value}")}
        if caller.channel == UI:
            client.set_cookie("session", self.sessions[caller.role])
        if path.startswith("/api/"):
            response = client.open(path, method=method, json=body if method == "POST" else None, headers=headers)
        else:
            data = {"csrf_token": self.csrf[caller.role if caller.channel == UI else None]} if method == "POST" else None
            if data is not None and caller.channel != UI:
                client.set_cookie("session", self.sessions[None])
            response = client.open(path, method=method, data=data, headers=headers)
        response.close()  # files are streamed
        if path == "/logout" and caller.channel == UI:  # signing out ends every session of the account
            self.sign_in(caller.role)
        return response

    def sign_in(self, role: Role | None) -> None:
        """A session cookie and CSRF token for `role`'s holder (for None, a visitor's)."""
        app = self.api.client.application
        for limiter in app.extensions["limiter"]:  # auth.login's row failed many sign-ins from this address
            limiter.reset()
        client = app.test_client()
        if role is not None:
            signed = client.post("/login", data={"csrf_token": csrf_token(client), "username": f"holder-{role.value}", "password": PASSWORD})
            signed = answer_second_factor(client, signed, f"holder-{role.value}")
            assert signed.status_code == 303, signed.get_data(as_text=True)
        else:
            client.get("/login")
        self.csrf[role], self.sessions[role] = csrf_token(client), client.get_cookie("session").value


def refused(response: Any, channel: str) -> bool:
    if channel == API:
        return response.status_code in (401, 403)
    return response.status_code == 403 or (
        response.status_code in (302, 303) and "/login?next=" in response.headers.get("Location", "")
    )


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Matrix]:
    with open_api_world(tmp_path_factory.mktemp("matrix"), MutableClock(datetime.now(timezone.utc)), staff=8) as api:
        ids = populate_scene(api)
        app, store = api.container.app, AccountStore(api.container.projector.engine, hasher=PasswordHasher(time_cost=1, memory_cost=8 * 1024))
        holders = {}
        for role in HOLDERS:
            holders[role] = person(app, f"holder-{role.value}", f"Người giữ vai trò {role.value}", api.world.department)
            grant(app, holders[role], role, None)
            store.create_account(f"holder-{role.value}", PASSWORD, holders[role])
        api.container.projector.catch_up()
        ids.update(username="no-such-account", token_id="999999", sha256="0" * 64, year="2027")  # the admin pages' accounts and tokens: none changed
        hook, _secret = api.client.application.extensions["webhooks"].register(Actor.system(), "Cổng", "https://h.vn/", [], [], ["StageApproved"])
        ids.update(subscription_id=str(hook), position="1", step="pause")  # a webhook (and its dead letter #1, none)
        matrix = Matrix(api, ids, {}, {}, {role: api.token(holders[role], role) for role in HOLDERS})
        for role in (None, *HOLDERS):
            matrix.sign_in(role)
        yield matrix


def bodies(endpoint: str, ids: dict[str, str]) -> list[Any]:
    """Valid commands for an API write (several when the roles a command needs depend on the body)."""
    i = ids
    unit = {"key": "phong-c", "name": "Phòng C", "short_name": "Phòng C", "kind": "division", "province": "A", "abbreviation": "PC", "parent_id": i["department"]}
    target = {"code": "moi", "description": "Chỉ tiêu mới", "metric": "percent", "unit": "%", "value": 50, "direction": "at_least", "applies_to": "units", "weight": 10}
    return {
        "audit.seal_ledger": [{"reason": "Niêm phong định kỳ"}],
        "api_commands.register_unit": [unit],
        "api_commands.rename_unit": [{"name": "Phòng B mới", "short_name": "Phòng B", "reason": "Đổi tên"}],
        "api_commands.merge_unit": [{"successor_id": i["department"], "reason": "Sáp nhập"}],
        "api_commands.register_person": [{"key": "nguoi-moi", "full_name": "Người Mới", "gender": "f", "unit_id": i["division"], "position": "Chuyên viên"}],
        "api_commands.transfer_person": [{"unit_id": i["department"], "position": "Chuyên viên", "reason": "Điều động"}],
        "api_commands.record_person_left": [{"reason": "Nghỉ hưu"}],
        "api_commands.grant_role": [{"role": "unit_clerk", "scope_id": i["division"], "reason": "Phân công"}],
        "api_commands.revoke_role": [{"role": "unit_clerk", "scope_id": i["division"], "reason": "Thôi phân công"}],
        "api_commands.record_discipline": [{"year": 2024, "level": "khiển trách", "until": "2025-06-30", "reason": "Vi phạm"}],
        "api_commands.recognise_initiative": [{"title": "Sáng kiến số hóa", "year": 2024, "level": "co_so"}],
        "api_commands.record_rating": [{"year": 2024, "rating": "HTXSNV"}],
        "api_commands.open_proceeding": [{"proceeding_id": "vv-02", "kind": "complaint", "reason": "Đơn khiếu nại"}],
        "api_commands.close_proceeding": [{"reason": "Đã giải quyết"}],
        "api_commands.record_prior_award": [{"year": 2020, "code": "LDTT", "award_type": "regular", "decision_number": "01/QĐ-2020", "decided_on": "2020-12-20"}],
        "api_commands.form_cluster": [{"key": "cum-b", "name": "Cụm thi đua B"}],
        "api_commands.change_cluster_membership": [{"unit_id": i["department"], "joined": True, "on": "2025-01-01"}],
        "api_commands.assign_cluster_head": [{"unit_id": i["department"], "year": 2025}],
        "api_commands.publish_rulebook": [{"version": "thu-nghiem", "effective_from": "2030-01-01", "effective_to": None, "legal_bases": [], "rules": {}}],
        "api_commands.record_salary_schedule": [{"entries": [{"from": "2024-07-01", "amount": 2340000, "source": "Nghị định 73/2024/NĐ-CP"}], "source": "Nghị định 73/2024/NĐ-CP"}],
        "api_commands.publish_overlay": [{"scope": "campaign", "scope_id": i["campaign_id"], "overlay": {}, "reason": "Bổ sung"}],
        "api_commands.declare_holidays": [{"days_off": [{"on": "2027-02-11", "name": "Nghỉ hoán đổi"}], "basis": "Thông báo", "reason": "Hoán đổi"}],
        "api_webhooks.register_webhook": [{"label": "Cổng", "endpoint": "https://h.vn/", "event_types": ["StageApproved"]}],
        "api_webhooks.change_webhook_scope": [{"endpoint": "https://h.vn/v2", "event_types": ["StageApproved"]}],
        "api_commands.draft_campaign": [{"key": "pt-moi", "issuer_id": i["department"], "scope": "sector", "theme": "Thi đua mới", "period_start": "2026-01-01", "period_end": "2026-12-31"}],
        "api_commands.add_content_item": [{"item": {"number": "2", "text": "Cải cách hành chính."}}],
        "api_commands.set_target": [{"target": target}],
        "api_commands.amend_target": [{"value": 85, "reason": "Điều chỉnh"}],
        "api_commands.invite_participant": [{"participant_id": i["department"]}],
        "api_commands.launch_campaign": [{"launched_on": "2025-01-02"}],
        "api_commands.sign_covenant": [{"unit_id": i["division"]}],
        "api_commands.close_campaign": [{"summary": "Tổng kết"}],
        "api_commands.sign_up": [{"participant_id": i["staff"], "participant_kind": "person"}],
        "api_commands.approve_sign_up": [{}],
        "api_commands.report_progress": [{"period_label": "2025-Q2", "period_end": "2025-06-30", "values": {"dvc-online": 60}}],
        "api_commands.correct_report": [{"values": {"dvc-online": 57}, "reason": "Bổ sung số liệu"}],
        "api_commands.approve_report": [{}],
        "api_commands.withdraw_participation": [{"reason": "Rút"}],
        "api_commands.nominate": [{"campaign_id": i["campaign_id"], "nominee_id": i["staff"], "nominee_kind": "individual", "title_code": "LDTT", "achievements": "Hoàn thành tốt."}],
        "api_commands.revise_dossier": [{"achievements": "Bổ sung thành tích."}],
        "api_commands.submit_nomination": [{}],
        "api_commands.approve_stage": [{"stage": "unit_approved"}, {"stage": "checked"}],
        "api_commands.return_nomination": [{"to_stage": "drafted", "reason": "Bổ sung hồ sơ"}],
        "api_commands.withdraw_nomination": [{"reason": "Rút hồ sơ"}],
        "api_commands.reject_nomination": [{"reason": "Không đủ điều kiện"}],
        "api_commands.post_publicly": [{"nomination_ids": [i["nomination_id"]], "until": "2026-01-20"}],
        "api_commands.raise_objection": [{"text": "Đề nghị xem xét lại."}],
        "api_commands.resolve_objection": [{"upheld": False, "resolution": "Đã xác minh."}],
        "api_commands.convene_session": [{"council_unit_id": i["department"], "name": "Hội đồng", "members": [i["member"]], "chair_id": i["member"], "agenda": [i["voted"]], "meeting_on": "2025-12-30"}],
        "api_commands.record_attendance": [{"present": [i["member"]]}],
        "api_commands.register_trustee_key": [{"passphrase": "một cụm mật khẩu đủ dài"}],
        "api_commands.cast_ballot": [{"choices": {i["voted"]: "yes"}}],
        "api_commands.close_session": [{}],
        "api_commands.tally_session": [{}],
        "api_commands.draft_decision": [{"issuer_id": i["department"], "number": "06/QĐ-SKHCN", "subject": "Về việc khen thưởng", "decision_date": "2025-12-30", "signer_id": i["signer"], "signer_title": "Giám đốc Sở", "nomination_ids": [i["voted"]]}],
        "api_commands.sign_decision": [{}],
        "api_commands.discard_decision": [{"reason": "Lập nhầm"}],
        "api_commands.open_bonus_fund": [{"unit_id": i["division"], "year": 2025, "salary_fund": 100_000_000, "rules_reference": "Quy chế tiền thưởng"}],
        "api_commands.allocate_periodic_bonus": [{}],
        "api_commands.pay_periodic_bonus": [{}],
        "api_commands.pay_ad_hoc_bonus": [{"person_id": i["staff"], "amount": 1_000_000, "reason": "Thành tích đột xuất"}],
        "api_commands.lapse_bonus_fund": [{}],
    }.get(endpoint, [None])


def path_of(rule: Any, ids: dict[str, str]) -> str:
    """The rule's path with existing items' ids; a query for the reads that need one."""
    printed = rule.endpoint.split(".")[0] in ("paperwork", "api_paperwork") or rule.endpoint.endswith("annual_report")
    values = {**ids, "year": "2025", "token": "not-signed-here", "row_id": "no-such-mail", **({"fmt": "docx"} if printed else {})}  # papers are PDF or Word
    path = rule.build({name: values[name] for name in rule.arguments}, append_unknown=False)[1]
    queries = {"audit.diff": "?from=1&to=2", "audit_pages.diff": "?from=1&to=2"}
    return path + queries.get(rule.endpoint, "")


def routes(app: Any) -> list[tuple[str, str]]:
    return sorted((rule.endpoint, method) for rule in app.url_map.iter_rules() for method in rule.methods - {"HEAD", "OPTIONS"})


def test_the_table_classifies_every_route_and_only_routes_that_exist(matrix: Matrix) -> None:
    served = set(routes(matrix.api.client.application))

    assert sorted(served - EXPECTED.keys()) == [], "routes the authorization table does not classify"
    assert sorted(EXPECTED.keys() - served) == [], "table entries for routes that no longer exist"


@pytest.mark.parametrize(("endpoint", "method"), sorted(EXPECTED))
def test_only_the_roles_in_the_table_pass(matrix: Matrix, endpoint: str, method: str) -> None:
    app = matrix.api.client.application
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and method in r.methods)
    channel = API if rule.rule.startswith("/api/") else UI
    path, expected = path_of(rule, matrix.ids), EXPECTED[(endpoint, method)]
    callers = [caller for caller in CALLERS if caller.channel in (None, channel)] + [
        Caller(f"admin ({other})", other, R.ADMIN) for other in (UI, API) if other != channel
    ]
    wrong = []
    for caller in callers:
        before = matrix.position()
        answers = [matrix.call(caller, method, path, body) for body in bodies(endpoint, matrix.ids)]
        passed = not all(refused(a, channel) for a in answers)
        if passed != may_pass(expected, caller, channel, method):
            wrong.append(f"{caller.name}: {'let through' if passed else 'refused'} ({[a.status_code for a in answers]})")
        elif not passed and matrix.position() != before:
            wrong.append(f"{caller.name}: refused, yet the ledger moved from {before} to {matrix.position()}")

    assert wrong == [], f"{method} {path}"


def test_callers_without_a_token_or_with_a_read_only_one_are_refused_before_the_body_is_read(matrix: Matrix) -> None:
    """A token holder without the role may learn (422) what a body must look like: the OpenAPI document says so
    anyway. Nobody else learns anything: no token is 401 and a read-only token 403, whatever the body."""
    path, junk = f"/api/v1/nominations/{matrix.ids['nomination_id']}/approvals", {"stage": 7, "extra": [None]}

    anonymous = matrix.call(ANONYMOUS, "POST", path, junk)
    read_only = [matrix.call(Caller(role.value, API, role), "POST", path, junk) for role in READ_ONLY]
    wrong_role = matrix.call(Caller("signer", API, R.SIGNER), "POST", path, junk)

    assert anonymous.status_code == 401 and [r.status_code for r in read_only] == [403, 403]
    assert wrong_role.status_code == 422
