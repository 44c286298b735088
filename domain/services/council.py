"""Commands on council sessions: convene, attendance, secret ballot, close, tally (thresholds and quotas)."""

from __future__ import annotations

from uuid import UUID, uuid4

from domain import commands as c
from domain.campaign import Campaign
from domain.clock import local_date
from domain.council import BallotBox, CouncilSession, check_members
from domain.exceptions import InvalidCommandError, StageOrderError, VotingError
from domain.nomination import Nomination
from domain.organisation import Person
from domain.rules.council import (
    assess_quorum, assess_vote, rank_within_quota, required_count, written_counts_towards_vote,
)
from domain.rules.ruleset import RuleSet
from domain.services.rulebook import RulebookService
from domain.values import Actor, Role, Stage

SECRETARIAT = (Role.SECRETARIAT,)


class CouncilService(RulebookService):
    def convene_session(self, actor: Actor, cmd: c.ConveneSession) -> UUID:
        """Convene a session on posted dossiers; every member must hold the council role."""
        self.authorise(actor, SECRETARIAT, cmd.council_unit_id)
        check_members(list(cmd.members), cmd.chair_id, list(cmd.agenda))
        for member_id in cmd.members:
            if not self.load(member_id, Person, "thành viên").holds(Role.COUNCIL_MEMBER.value, cmd.council_unit_id):
                raise InvalidCommandError("Mọi thành viên phải có vai trò thành viên Hội đồng của đơn vị này.")
        nominations = [self.load(n, Nomination, "hồ sơ") for n in cmd.agenda]
        if any(n.stage is not Stage.POSTED for n in nominations):
            raise StageOrderError("Chỉ đưa ra Hội đồng các hồ sơ đã công khai.")
        ruleset = self.ruleset_on(cmd.meeting_on)
        session = CouncilSession(
            council_unit_id=cmd.council_unit_id, name=cmd.name, members=list(cmd.members), chair_id=cmd.chair_id,
            agenda=list(cmd.agenda), nominees={str(n.id): n.nominee_id for n in nominations},
            meeting_on=cmd.meeting_on, ruleset_version=ruleset.version, **self.who(actor),
        )
        self.ballot_seals.prepare(session.id)
        self.commit(session, BallotBox(session_id=session.id))
        return session.id

    def _session(self, actor: Actor, session_id: UUID, roles: tuple[Role, ...]) -> CouncilSession:
        session = self.load(session_id, CouncilSession, "phiên họp")
        self.authorise(actor, roles, session.council_unit_id)
        return session

    def record_attendance(self, actor: Actor, cmd: c.RecordAttendance) -> int:
        session = self._session(actor, cmd.session_id, SECRETARIAT)
        session.record_attendance(list(cmd.present), **self.who(actor))
        return self.commit(session)

    def cast_ballot(self, actor: Actor, cmd: c.CastBallot) -> int:
        """Cast a secret ballot: the session learns only that the member voted, the box a sealed envelope."""
        session = self._session(actor, cmd.session_id, (Role.COUNCIL_MEMBER,))
        session.check_ballot(actor.person_id, dict(cmd.choices), cmd.written)
        if cmd.written:
            self._check_written_counts(session, [UUID(n) for n in cmd.choices])
        box = self.load(session.ballot_box_id, BallotBox, "hòm phiếu")
        session.mark_voted(actor.person_id, cmd.written, at=self.now())
        box.deposit(self.ballot_seals.seal(session.id, dict(cmd.choices)))
        return self.commit(session, box)

    def close_session(self, actor: Actor, cmd: c.CloseSession) -> int:
        """Close the voting and open the box: the ballots in a random order, then the session's key destroyed."""
        session = self._session(actor, cmd.session_id, SECRETARIAT)
        box = self.load(session.ballot_box_id, BallotBox, "hòm phiếu")
        session.close(**self.who(actor))
        box.unseal(self.ballot_seals.open_all(session.id, box.envelopes))
        position = self.commit(session, box)
        self.ballot_seals.destroy(session.id)
        return position

    def tally_session(self, actor: Actor, cmd: c.TallySession) -> int:
        """Count the box under each dossier's rule set in force (with its campaign's and issuer's overlays):
        a session short of any of their quorums decides nothing and its dossiers stay posted; otherwise
        thresholds over the total membership, then quota ranking by votes."""
        session = self._session(actor, cmd.session_id, SECRETARIAT)
        box = self.load(session.ballot_box_id, BallotBox, "hòm phiếu")
        self.ballot_seals.destroy(session.id)  # in case the closing was interrupted before it could
        nominations = [self.load(n, Nomination, "hồ sơ") for n in session.agenda]
        rules = self._rules(session, nominations)
        members, present, written = len(session.members), len(session.present), len(session.written)
        for ruleset in rules.values():
            quorum = assess_quorum(ruleset, members, present, written)
            if not quorum.met:
                session.record_no_quorum(
                    members, present, written, quorum.attending, quorum.required, quorum.article, quorum.message_vi,
                    ruleset.version, **self.who(actor),
                )
                return self.commit(session)
        results = {n.id: self._result(rules[n.id], session, box, n) for n in nominations}
        self._apply_quotas(nominations, rules, results, list(cmd.chair_picks))
        versions = ", ".join(sorted({r.version for r in rules.values()}))
        session.record_tally(
            [{"nomination_id": k, **v} for k, v in results.items()], ruleset_version=versions, **self.who(actor)
        )
        for nomination in nominations:
            if nomination.stage is Stage.POSTED:
                nomination.record_council_result(session.id, results[nomination.id], self.now(), rules[nomination.id].version)
        return self.commit(session, *nominations)

    def get_session_rules(self, session_id: UUID) -> dict:
        """What the tally applies: the session's quorum (the strictest of its dossiers' rule sets) and each
        dossier's threshold over the total membership, from the rule set in force with the overlays."""
        session = self.load(session_id, CouncilSession, "phiên họp", read_only=True)
        nominations = [self.load(n, Nomination, "hồ sơ", read_only=True) for n in session.agenda]
        rules, members = self._rules(session, nominations), len(session.members)
        quorum = max((r.quorum for r in rules.values()), key=lambda q: required_count(q, members))
        return {
            "quorum": quorum, "quorum_required": required_count(quorum, members),
            "thresholds": {n.id: rules[n.id].vote_threshold(n.title_code) for n in nominations},
        }

    def _rules(self, session: CouncilSession, nominations: list[Nomination]) -> dict[UUID, RuleSet]:
        """Each dossier's rule set in force on the meeting day, with its campaign's and issuer's overlays."""
        campaigns: dict[UUID, Campaign] = {}
        for n in nominations:
            if n.campaign_id not in campaigns:
                campaigns[n.campaign_id] = self.campaign_of(n)
        return {n.id: self.ruleset_on(session.meeting_on, n.received_on, campaigns[n.campaign_id]) for n in nominations}

    def _check_written_counts(self, session: CouncilSession, nomination_ids: list[UUID]) -> None:
        """A written vote is taken only on dossiers whose rule set counts it as a vote."""
        nominations = [self.load(n, Nomination, "hồ sơ", read_only=True) for n in nomination_ids]
        for ruleset in self._rules(session, nominations).values():
            rule = written_counts_towards_vote(ruleset)
            if not rule.value:
                raise VotingError(
                    f"Phiếu bằng văn bản của thành viên vắng mặt không được tính là phiếu biểu quyết ({rule.article})."
                )

    @staticmethod
    def _result(ruleset, session: CouncilSession, box: BallotBox, nomination: Nomination) -> dict:
        counts = box.counts(nomination.id)
        verdict = assess_vote(
            ruleset, nomination.title_code, total_members=len(session.members), present=len(session.present),
            yes=counts["yes"], written=len(session.written),
        )
        return {
            **counts, "ruleset_version": ruleset.version, "total_members": len(session.members), "present": len(session.present),
            "written": len(session.written), "required_yes": verdict.required_yes, "threshold": str(verdict.threshold),
            "quorum_met": verdict.quorum_met, "passed": verdict.passed, "article": verdict.article,
            "message": verdict.message_vi, "beyond_quota": False,
        }

    @staticmethod
    def _apply_quotas(nominations: list[Nomination], rules: dict[UUID, RuleSet], results: dict, picks: list[UUID]) -> None:
        """Candidates above the threshold but beyond a campaign quota are ranked by votes; the chair breaks ties."""
        by_title: dict[tuple[UUID, str], list[Nomination]] = {}
        for n in nominations:
            if results[n.id]["passed"]:
                by_title.setdefault((n.campaign_id, n.title_code), []).append(n)
        for (_campaign_id, code), group in by_title.items():
            quota = rules[group[0].id].council_quota(code)
            pick = next((p for p in picks if p in {n.id for n in group}), None)
            ranking = rank_within_quota([(n.id, results[n.id]["yes"]) for n in group], quota, pick)
            if ranking.tie_needs_chair:
                raise VotingError("Có số phiếu bằng nhau ở vị trí cuối trong chỉ tiêu; Chủ tịch Hội đồng cần quyết định.")
            for nomination_id in ranking.beyond_quota:
                results[nomination_id].update(passed=False, beyond_quota=True)


def new_session_id() -> UUID:
    return uuid4()
