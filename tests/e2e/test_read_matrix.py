"""Read access matrix (issue #16, Decree 13/2023/NĐ-CP): every read route and the event feed, for readers of
every role held for the subjects' unit, for the issuer, or for another unit, over the API and on the pages.

The write matrix (test_authorization_matrix.py) holds every role everywhere; here the unit decides. Subjects
(tests/e2e/read_support.py): a voted dossier of the division, in a decision drafted for "signer of the
decision"; its nominee; a colleague with a discipline and no dossier; a person of a unit merged into the
division; the division itself; the division's bonus fund. `SEES` says, by hand, who may read each; any
other reader must get 403 from a route, miss the item from a list, and see its events redacted in the feed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from domain.rules.read_access import SCOPES
from tests.e2e.read_support import READERS, ReadScene, open_read_scene

API, PAGES = "api", "pages"
EVERYTHING = {"admin", "auditor"}
OWN_UNIT = EVERYTHING | {"head own", "clerk own", "integration scoped own"}
NOMINEE = OWN_UNIT | {"secretariat issuer", "council issuer", "signer of the decision"}
SEES = {  # (subject, kind) -> readers who may read it (over the API; the pages hold no integration scopes)
    ("voted", "dossiers"): NOMINEE,
    ("nominee", "ratings"): NOMINEE | {"integration ratings only"},
    ("nominee", "trails"): OWN_UNIT,
    ("plain_staff", "ratings"): OWN_UNIT | {"integration ratings only"},
    ("plain_staff", "discipline"): OWN_UNIT,
    ("merged_person", "ratings"): OWN_UNIT | {"integration ratings only"},
    ("division", "ratings"): OWN_UNIT | {"integration ratings only"},
    ("own_fund", "payments"): OWN_UNIT,
    ("decision_id", "dossiers"): NOMINEE,  # a draft naming the voted nominee
}
ROUTES = {  # every GET route showing personal data of one item -> (channel, path, subject, kind)
    "api_nominations.get_nomination": (API, "/api/v1/nominations/{voted}", "voted", "dossiers"),
    "api_nominations.get_eligibility": (API, "/api/v1/nominations/{voted}/eligibility", "voted", "dossiers"),
    "api_directory.get_audit_trail": (API, "/api/v1/audit-trails/{voted}", "voted", "dossiers"),
    "api_decisions.person_award_history": (API, "/api/v1/people/{nominee}/awards", "nominee", "ratings"),
    "api_decisions.unit_award_history": (API, "/api/v1/units/{division}/awards", "division", "ratings"),
    "api_bonus.get_bonus_fund": (API, "/api/v1/bonus-funds/{own_fund}", "own_fund", "payments"),
    "api_decisions.get_award_decision": (API, "/api/v1/decisions/{decision_id}", "decision_id", "dossiers"),
    "api_decisions.export_award_decision": (API, "/api/v1/decisions/{decision_id}/export.csv", "decision_id", "dossiers"),
    "decisions.detail": (PAGES, "/decisions/{decision_id}", "decision_id", "dossiers"),
    "decisions.pdf": (PAGES, "/decisions/{decision_id}.pdf", "decision_id", "dossiers"),
    "decisions.certificates": (PAGES, "/decisions/{decision_id}/certificates.pdf", "decision_id", "dossiers"),
    "nominations.dossier": (PAGES, "/nominations/{voted}", "voted", "dossiers"),
    "ui.history": (PAGES, "/history/{voted}", "voted", "dossiers"),
    "paperwork.submission": (PAGES, "/nominations/{voted}/to-trinh.docx", "voted", "dossiers"),
    "paperwork.achievement_report": (PAGES, "/nominations/{voted}/bao-cao-thanh-tich.docx", "voted", "dossiers"),
    "api_paperwork.get_submission": (API, "/api/v1/nominations/{voted}/submission.docx", "voted", "dossiers"),
    "api_paperwork.get_achievement_report": (API, "/api/v1/nominations/{voted}/achievement-report.docx", "voted", "dossiers"),
}
MORE_PATHS = [  # the same routes on other subjects
    (API, "/api/v1/people/{plain_staff}/awards", "plain_staff", "ratings"),
    (API, "/api/v1/people/{merged_person}/awards", "merged_person", "ratings"),
    (API, "/api/v1/audit-trails/{nominee}", "nominee", "trails"),
    (API, "/api/v1/audit-trails/{own_fund}", "own_fund", "payments"),
    (PAGES, "/history/{nominee}", "nominee", "trails"),
]
LISTS = {  # GET routes listing items, each kept only for its readers -> (channel, path, subject, kind)
    "api_nominations.list_nominations": (API, "/api/v1/nominations?page_size=100", "voted", "dossiers"),
    "api_bonus.list_bonus_funds": (API, "/api/v1/bonus-funds?page_size=100", "own_fund", "payments"),
    "nominations.index": (PAGES, "/nominations", "voted", "dossiers"),
    "api_decisions.list_award_decisions": (API, "/api/v1/decisions?page_size=100", "decision_id", "dossiers"),
    "decisions.index": (PAGES, "/decisions", "decision_id", "dossiers"),
    "api_search.search": (API, "/api/v1/search?q=can+bo+2", "voted", "dossiers"),  # the voted nominee is «Cán bộ 2»
    "search.results": (PAGES, "/search?q=C%C3%A1n+b%E1%BB%99+2", "voted", "dossiers"),
}
NOT_PERSONAL = {  # the other GET routes, and why
    **dict.fromkeys(("api.list_campaigns", "api.get_campaign", "api.list_participants", "api.get_standings",
                     "api.get_target_attainment", "api.export_standings", "api_nominations.list_public_postings",
                     "api_directory.get_rulebook", "api_calendar.get_holiday_year", "api-docs.openapi_json",
                     "api-docs.openapi_swagger_ui", "api_assets.swagger_ui_asset", "static", "ui.favicon", "ui.home",
                     "campaigns.detail", "public.postings", "auth.login"), "public"),
    **dict.fromkeys(("api_directory.list_units", "api_directory.list_people", "api_directory.get_person"), "directory"),
    **dict.fromkeys(("api_council.list_council_sessions", "api_council.get_council_session", "council.index",
                     "council.session", "api_nominations.pipeline_counts"), "counts only, never a ballot"),
    "api_council.get_tally_proof": "the count's proof: encrypted ballots in no voter's name",
    **dict.fromkeys(("api_directory.list_inbox", "inbox.inbox", "auth.role"), "the reader's own"),
    **dict.fromkeys(("two_factor.code", "two_factor.enrol"), "the reader's own second factor"),
    **dict.fromkeys(("audit.explain_award", "audit.item_as_of", "audit.diff", "audit.verify_ledger", "audit_pages.index",
                     "audit_pages.diff", "audit_pages.explain"), "auditor and admin only (write matrix)"),
    **dict.fromkeys(("admin.index", "admin.units", "admin.unit", "admin.people", "admin.person", "admin.accounts",
                     "admin.reset_password", "admin.tokens", "admin.clusters", "admin.cluster", "admin.overlays", "admin.holidays",
                     "admin.import_workbook", "admin.import_template", "two_factor.reset"),
                    "the administrator's pages (write matrix)"),
    **dict.fromkeys(("campaigns.sign_up", "campaigns.report", "campaigns.reports", "nominations.new", "review.posting",
                     "council.convene", "council.ballot", "decisions.draft"), "a form of the role's own work (write matrix)"),
    "api_feed.list_events": "the feed (below)",
    **dict.fromkeys(("admin.webhooks", "admin.webhook", "api_webhooks.list_webhooks", "api_webhooks.list_dead_letters"),
                    "integrators' endpoints and delivery state, admin (and auditor through the API) only (write matrix)"),
    "unsubscribe.confirm": "a signed link's own question: names no one",
    **dict.fromkeys(("admin.contacts", "admin.outbox_rows"), "reminder addresses and the mail outbox, admin only (write matrix)"),
    "unsubscribe.own_preference": "the reader's own address and reminder preference",
    **dict.fromkeys(("paperwork.posting_list", "api_paperwork.get_posting_list"), "public (the posted list)"),
    **dict.fromkeys(("paperwork.ballot", "paperwork.minutes", "paperwork.tally_record", "api_paperwork.get_printed_ballot",
                     "api_paperwork.get_minutes", "api_paperwork.get_tally_record"), "counts only, never a ballot"),
    **dict.fromkeys(("statistics.index", "statistics.export", "statistics.annual_report", "api_statistics.get_yearly_statistics_of",
                     "api_statistics.export_yearly_statistics", "api_statistics.get_annual_report"),
                    "aggregates: counts and totals, no person named"),
}
SIGNED_IN = {spec.name for spec in READERS if not spec.name.startswith("integration")}
FILES = {  # an evidence file (GET /evidence/<sha256>) is read as what cites it -> who may download it
    "dossier_file": OWN_UNIT | {"secretariat issuer", "council issuer"},  # a draft dossier of the division
    "report_file": SIGNED_IN,  # a progress report: shown to everyone signed in
    "loose_file": EVERYTHING,  # recorded, cited by nothing yet
}
PERSONAL_OPERATIONS = (  # as the OpenAPI document names them
    "/api/v1/nominations", "/api/v1/nominations/{nomination_id}", "/api/v1/nominations/{nomination_id}/eligibility",
    "/api/v1/people/{subject_id}/awards", "/api/v1/units/{subject_id}/awards", "/api/v1/audit-trails/{item_id}",
    "/api/v1/bonus-funds", "/api/v1/bonus-funds/{fund_id}", "/api/v1/events", "/api/v1/decisions",
    "/api/v1/decisions/{decision_id}", "/api/v1/nominations/{nomination_id}/submission.{fmt}",
    "/api/v1/nominations/{nomination_id}/achievement-report.{fmt}", "/api/v1/search",
)
FEED = {  # events of a subject whose data the feed shows only to its readers -> (subject, kind)
    "NominationDrafted": ("voted", "dossiers"),
    "DisciplineRecorded": ("plain_staff", "discipline"),
    "BonusFundOpened": ("own_fund", "payments"),
    "AnnualRatingRecorded": ("merged_person", "ratings"),
}


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReadScene]:
    with open_read_scene(tmp_path_factory.mktemp("reads")) as scene:
        yield scene


def may(reader: str | None, subject: str, kind: str, channel: str) -> bool:
    if reader is None or (channel == PAGES and reader.startswith("integration")):
        return False
    return reader in SEES[(subject, kind)]


def refused(answer: Any) -> bool:
    """401/403, or the pages' sign-in redirect (an item a reader may see can still be 404: a draft's certificates)."""
    return answer.status_code in (401, 403) or "/login?next=" in answer.headers.get("Location", "")


def callers() -> list[str | None]:
    return [None, *(spec.name for spec in READERS)]


def test_every_read_route_is_classified(scene: ReadScene) -> None:
    app = scene.api.client.application
    served = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    classified = ROUTES.keys() | LISTS.keys() | NOT_PERSONAL.keys() | {"ui.evidence"}  # FILES

    assert sorted(served - classified) == [], "GET routes the read matrix does not classify"
    assert sorted(classified - served) == [], "read matrix entries for routes that no longer exist"


def test_personal_data_of_one_item_is_read_only_by_those_who_may(scene: ReadScene) -> None:
    wrong = []
    for channel, template, subject, kind in [*ROUTES.values(), *MORE_PATHS]:
        path = template.format(**scene.ids)
        for reader in callers():
            answer = scene.get(reader, path, channel)
            if refused(answer) == may(reader, subject, kind, channel) or answer.status_code >= 500:
                wrong.append(f"{path} {channel}: {reader} {'refused' if refused(answer) else 'let through'} "
                             f"({answer.status_code})")
            if answer.status_code == 403 and channel == API and "Nghị định 13/2023" not in answer.get_json()["message"]:
                wrong.append(f"{path}: {reader} refused without naming the decree")

    assert wrong == []


def test_an_evidence_file_is_downloaded_only_by_the_readers_of_what_cites_it(scene: ReadScene) -> None:
    wrong = []
    for name, readers in FILES.items():
        for reader in callers():
            if reader is not None and reader.startswith("integration"):
                continue
            answer = scene.get(reader, f"/evidence/{scene.ids[name]}?name={name}.pdf", PAGES)
            answer.close()
            if refused(answer) == (reader in readers) or answer.status_code not in (200, 302, 403):
                wrong.append(f"{name}: {reader} {'refused' if refused(answer) else 'let through'} ({answer.status_code})")

    assert wrong == []


def test_lists_keep_only_the_items_the_reader_may_see(scene: ReadScene) -> None:
    wrong = []
    for channel, path, subject, kind in LISTS.values():
        for reader in callers():
            answer = scene.get(reader, path, channel)
            listed = scene.ids[subject] in answer.get_data(as_text=True)
            if listed != may(reader, subject, kind, channel):
                wrong.append(f"{path}: {reader} {'sees' if listed else 'misses'} {subject} ({answer.status_code})")

    assert wrong == []


def test_the_feed_redacts_personal_events_for_readers_who_may_not_see_them(scene: ReadScene) -> None:
    wrong = []
    for reader in callers()[1:]:
        events = scene.get(reader, "/api/v1/events?limit=1000", API).get_json()["items"]
        assert len(events) < 1000
        for event_type, (subject, kind) in FEED.items():
            shown = [e for e in events if e["type"] == event_type and e["aggregate_id"] == scene.ids[subject]]
            assert shown, f"no {event_type} of {subject} in the feed"
            if any(e["redacted"] == may(reader, subject, kind, API) or (e["data"] == {}) != e["redacted"] for e in shown):
                wrong.append(f"{reader}: {event_type} of {subject} {'hidden' if shown[0]['redacted'] else 'shown'}")
        if any(not e["redacted"] for e in events if e["type"] in ("BallotCast", "EnvelopeDeposited", "BallotDeposited")):
            wrong.append(f"{reader}: a ballot shown")

    assert wrong == []



def test_the_openapi_document_says_what_each_scope_sees(scene: ReadScene) -> None:
    document = scene.api.client.get("/api/v1/openapi.json").get_json()
    policy = document["components"]["securitySchemes"]["bearerAuth"]["description"]
    described = {path: document["paths"][path]["get"].get("description", "") for path in PERSONAL_OPERATIONS}

    assert [scope for scope in SCOPES if f"`{scope}`" not in policy] == []
    assert [path for path, text in described.items() if "Personal data" not in text] == []
