"""Commands over the API: the whole lifecycle with tokens of each role, checked against the OpenAPI document."""

from domain.values import Role
from tests.ballot_support import passphrase
from tests.second_factor import code_header, enrol_account

pytest_plugins = ("tests.e2e.api_support",)


def test_whole_lifecycle_from_sign_up_to_signed_decision_through_the_api(api_world, clock):
    w, world = api_world, api_world.world
    campaign, division, nominee = str(world.campaign), str(world.division), str(world.staff[0])

    def act(path, body, person, role, status=200):
        response = w.post(path, body, person, role)
        assert response.status_code == status, response.get_json()
        return w.openapi.check(response)

    clock.set(2025, 1, 10, 9)
    participation = act(f"/campaigns/{campaign}/sign-ups", {"participant_id": division, "participant_kind": "unit"}, world.clerk, Role.UNIT_CLERK, 201)["id"]
    act(f"/participations/{participation}/approval", {}, world.head, Role.UNIT_HEAD)
    clock.set(2025, 4, 2, 9)
    report = act(f"/participations/{participation}/reports", {"period_label": "2025-Q1", "period_end": "2025-03-31", "values": {"dvc-online": 55}}, world.clerk, Role.UNIT_CLERK, 201)["id"]
    act(f"/participations/{participation}/reports/{report}/corrections", {"values": {"dvc-online": 57}, "reason": "Bổ sung số liệu"}, world.clerk, Role.UNIT_CLERK)
    clock.set(2025, 12, 1, 9)
    n = act("/nominations", {"campaign_id": campaign, "nominee_id": nominee, "nominee_kind": "individual", "title_code": "LDTT", "achievements": "Hoàn thành tốt nhiệm vụ."}, world.clerk, Role.UNIT_CLERK, 201)["id"]
    act(f"/nominations/{n}/submissions", {}, world.clerk, Role.UNIT_CLERK)
    act(f"/nominations/{n}/approvals", {"stage": "unit_approved"}, world.head, Role.UNIT_HEAD)
    act(f"/nominations/{n}/approvals", {"stage": "checked", "comment": "Hồ sơ đầy đủ"}, world.secretary, Role.SECRETARIAT)
    act("/postings", {"nomination_ids": [n], "until": "2025-12-20"}, world.secretary, Role.SECRETARIAT)
    objection = w.client.post(f"/api/v1/nominations/{n}/objections", json={"text": "Đề nghị làm rõ ngày công."})
    act(f"/nominations/{n}/objections/{w.openapi.check(objection)['id']}/resolution", {"upheld": False, "resolution": "Đã xác minh."}, world.secretary, Role.SECRETARIAT)
    clock.set(2026, 1, 6, 9)
    members = [str(m) for m in world.members]
    session = act("/council-sessions", {"council_unit_id": str(world.department), "name": "Hội đồng TĐKT Sở", "members": members, "chair_id": members[0], "agenda": [n], "meeting_on": "2026-01-06"}, world.secretary, Role.SECRETARIAT, 201)["id"]
    trustees = {members[0]: (world.members[0], Role.COUNCIL_MEMBER), str(world.secretary): (world.secretary, Role.SECRETARIAT)}
    for trustee, role in trustees.values():
        act(f"/council-sessions/{session}/trustee-keys", {"passphrase": passphrase(trustee)}, trustee, role)
    act(f"/council-sessions/{session}/attendance", {"present": members}, world.secretary, Role.SECRETARIAT)
    for member in world.members:
        act(f"/council-sessions/{session}/ballots", {"choices": {n: "yes"}}, member, Role.COUNCIL_MEMBER)
    act(f"/council-sessions/{session}/closing", {}, world.secretary, Role.SECRETARIAT)
    act(f"/council-sessions/{session}/tally", {"passphrases": {k: passphrase(k) for k in trustees}}, world.secretary, Role.SECRETARIAT)
    clock.set(2026, 1, 10, 9)
    decision = act("/decisions", {"issuer_id": str(world.department), "number": "05/QĐ-SKHCN", "subject": "Về việc tặng danh hiệu Lao động tiên tiến năm 2025", "decision_date": "2026-01-10", "signer_id": str(world.signer), "signer_title": "Giám đốc Sở", "nomination_ids": [n]}, world.drafter, Role.SECRETARIAT, 201)["id"]
    enrol_account(w.client.application, "lanhdao", world.signer)  # a signer signs with a second factor
    signing = {**w.token(world.signer, Role.SIGNER), **code_header(w.client.application, "lanhdao")}
    signed = w.openapi.check(w.client.post(f"/api/v1/decisions/{decision}/signature", json={}, headers=signing))

    body = w.openapi.check(w.client.get(f"/api/v1/decisions/{decision}"))
    standings = w.client.get(f"/api/v1/campaigns/{campaign}/standings").get_json()
    council = w.client.get(f"/api/v1/council-sessions/{session}", headers=w.token(world.secretary, Role.SECRETARIAT)).get_json()

    assert signed["settled"] is True and body["as_of"] >= signed["position"]
    assert body["status"] == "signed" and body["items"][0]["amount"] == 710_000 and body["total_amount"] == 710_000
    assert standings["items"][0]["progress"][0]["value"] == 57
    assert council["results"][0]["yes"] == 5 and council["results"][0]["passed"] is True
