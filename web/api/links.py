"""OpenAPI links between operations: how the answer of one step feeds the next of a workflow (an id created,
or the item a command acted on), so that a client, and a stateful fuzzer, can walk the real workflows:
campaign -> sign-up -> report -> approval; nomination -> submission -> approvals -> objection -> resolution;
council session -> attendance, keys, ballots, closing, tally -> tally proof; decision draft -> signature ->
the decision and its export; units, people, clusters and bonus funds -> what is done to them."""

from __future__ import annotations

from apispec import BasePlugin

PREFIX = "/api/v1"
CREATED = "$response.body#/id"
C, P, N, S, D = "/campaigns/{campaign_id}", "/participations/{participation_id}", "/nominations/{nomination_id}", "/council-sessions/{session_id}", "/decisions/{decision_id}"
U, PE, R, CL, B = "/units/{unit_id}", "/people/{person_id}", "/records/{subject_id}", "/clusters/{cluster_id}", "/bonus-funds/{fund_id}"


def created(name: str, *targets: tuple[str, str]) -> dict[str, dict[str, str]]:
    """The new item's id (the 201 body's `id`) as path parameter `name` of each (method, path) target."""
    return {f"{method} {path}": {name: CREATED} for method, path in targets}


def same(name: str, *targets: tuple[str, str]) -> dict[str, dict[str, str]]:
    """The item the command acted on (its path parameter `name`) as the same parameter of each target."""
    return {f"{method} {path}": {name: f"$request.path.{name}"} for method, path in targets}


NOMINATION_STEPS = tuple(("post", f"{N}/{step}") for step in ("submissions", "approvals", "returns", "revisions", "withdrawals", "rejections", "objections"))
NOMINATION_READS = (("get", N), ("get", f"{N}/eligibility"), ("get", f"/audit{N}/explanation"))
SESSION_STEPS = tuple(("post", f"{S}/{step}") for step in ("attendance", "trustee-keys", "ballots", "closing", "tally"))
LINKS: dict[tuple[str, str, str], dict[str, dict[str, str]]] = {  # (method, path, status) -> target -> parameters
    ("post", "/campaigns", "201"): created("campaign_id", ("get", C), ("get", f"{C}/participants"), ("get", f"{C}/standings"),
                                           ("get", f"{C}/targets"), ("post", f"{C}/content-items"), ("post", f"{C}/targets"),
                                           ("post", f"{C}/invitations"), ("post", f"{C}/launch"), ("post", f"{C}/sign-ups")),
    ("post", f"{C}/launch", "200"): same("campaign_id", ("get", C), ("post", f"{C}/sign-ups"), ("post", f"{C}/covenants"),
                                         ("post", f"{C}/closing"), ("get", f"{C}/pipeline")),
    ("post", f"{C}/sign-ups", "201"): created("participation_id", ("post", f"{P}/approval"), ("post", f"{P}/reports"), ("post", f"{P}/withdrawal")),
    ("post", f"{P}/approval", "200"): same("participation_id", ("post", f"{P}/reports"), ("post", f"{P}/withdrawal")),
    ("post", f"{P}/reports", "201"): {
        f"post {P}/reports/{{report_id}}/{step}": {"participation_id": "$request.path.participation_id", "report_id": CREATED}
        for step in ("approval", "corrections")
    },
    ("post", "/nominations", "201"): created("nomination_id", *NOMINATION_READS, *NOMINATION_STEPS),
    ("post", f"{N}/submissions", "200"): same("nomination_id", ("post", f"{N}/approvals"), ("post", f"{N}/returns"), ("get", N)),
    ("post", f"{N}/approvals", "200"): same("nomination_id", ("post", f"{N}/approvals"), ("post", f"{N}/returns"),
                                            ("post", f"{N}/rejections"), ("get", N), ("get", f"{N}/eligibility")),
    ("post", f"{N}/objections", "201"): {
        f"post {N}/objections/{{objection_id}}/resolution": {"nomination_id": "$request.path.nomination_id", "objection_id": CREATED},
    },
    ("post", "/council-sessions", "201"): created("session_id", ("get", S), ("get", f"{S}/tally-proof"), *SESSION_STEPS),
    ("post", f"{S}/attendance", "200"): same("session_id", ("post", f"{S}/trustee-keys"), ("post", f"{S}/ballots"), ("get", S)),
    ("post", f"{S}/ballots", "200"): same("session_id", ("post", f"{S}/closing"), ("get", S)),
    ("post", f"{S}/closing", "200"): same("session_id", ("post", f"{S}/tally"), ("get", S)),
    ("post", f"{S}/tally", "200"): same("session_id", ("get", f"{S}/tally-proof"), ("get", S)),
    ("post", "/decisions", "201"): created("decision_id", ("get", D), ("get", D + "/export.{fmt}"), ("post", f"{D}/signature"),
                                           ("post", f"{D}/discarding")),
    ("post", f"{D}/signature", "200"): same("decision_id", ("get", D), ("get", D + "/export.{fmt}")),
    ("post", "/units", "201"): {
        **created("unit_id", ("post", f"{U}/renamings"), ("post", f"{U}/mergers"), ("post", f"{U}/evidence")),
        **created("subject_id", ("get", "/units/{subject_id}/awards"), ("post", f"{R}/ratings"), ("post", f"{R}/prior-awards")),
        **created("item_id", ("get", "/audit-trails/{item_id}"), ("get", "/audit/items/{item_id}")),
    },
    ("post", "/people", "201"): {
        **created("person_id", ("get", PE), ("post", f"{PE}/transfers"), ("post", f"{PE}/departures"), ("post", f"{PE}/roles"),
                  ("post", f"{PE}/role-revocations"), ("post", f"{PE}/disciplines"), ("post", f"{PE}/initiatives")),
        **created("subject_id", ("get", "/people/{subject_id}/awards"), ("post", f"{R}/ratings"), ("post", f"{R}/proceedings"),
                  ("post", f"{R}/prior-awards")),
    },
    ("post", f"{R}/proceedings", "200"): {
        f"post {R}/proceedings/{{proceeding_id}}/closing": {"subject_id": "$request.path.subject_id", "proceeding_id": "$request.body#/proceeding_id"},
    },
    ("post", "/clusters", "201"): created("cluster_id", ("post", f"{CL}/memberships"), ("post", f"{CL}/heads")),
    ("post", "/bonus-funds", "201"): created("fund_id", ("get", B), ("post", f"{B}/periodic-allocation"), ("post", f"{B}/periodic-payment"),
                                             ("post", f"{B}/ad-hoc-payments"), ("post", f"{B}/lapse")),
    ("post", f"{B}/periodic-allocation", "200"): same("fund_id", ("post", f"{B}/periodic-payment"), ("get", B)),
}


def operation_ref(method: str, path: str) -> str:
    """A JSON pointer to the operation in this document (RFC 6901: `~` as `~0`, `/` as `~1`)."""
    return "#/paths/" + (PREFIX + path).replace("~", "~0").replace("/", "~1") + "/" + method


def link_name(method: str, path: str) -> str:
    """A readable name for the link to an operation: its method and its path's words (`PostSubmissions`)."""
    words = [part for part in path.replace(".", "/").replace("-", "/").split("/") if part and not part.startswith("{")]
    return method.capitalize() + "".join(word.capitalize() for word in words[-2:])


class Links(BasePlugin):
    """Puts the LINKS of each operation's answers into the document."""

    def operation_helper(self, path: str | None = None, operations: dict | None = None, **_kwargs: object) -> None:
        local = (path or "").removeprefix(PREFIX)
        for method, operation in (operations or {}).items():
            answers = {str(status): answer for status, answer in operation.get("responses", {}).items()}  # ints until cleaned
            for (source_method, source, status), targets in LINKS.items():
                if (source_method, source) != (method, local) or status not in answers:
                    continue
                links = answers[status].setdefault("links", {})
                for target, parameters in targets.items():
                    target_method, target_path = target.split(" ", 1)
                    links[link_name(target_method, target_path)] = {
                        "operationRef": operation_ref(target_method, target_path), "parameters": parameters,
                    }
