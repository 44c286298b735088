"""Commands on council sessions: convene, attendance, secret ballot, close, tally (thresholds and quotas)."""

from __future__ import annotations

from uuid import UUID, uuid4

from domain import commands as c
from domain.ballot import ballots
from domain.ballot import trustees as keys
from domain.ballot.verify import tally_proof
from domain.campaign import Campaign
from domain.clock import local_date
from domain.council import BallotBox, CouncilSession, check_members
from domain.exceptions import InvalidCommandError, NotFoundError, StageOrderError, VotingError
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
            if not self.load(member_id, Person, "thành viên", read_only=True).holds(Role.COUNCIL_MEMBER.value, cmd.council_unit_id):
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
        roles = keys.trustee_roles(ruleset)
        holders = {"chair": (cmd.chair_id, Role.COUNCIL_MEMBER), "secretary": (actor.person_id, actor.role)}
        trustees = {holders[r][0]: holders[r][1] for r in roles.value}
        session.name_trustees(
            [{"person_id": str(p), "role": r.value} for p, r in trustees.items()], keys.new_salt(), keys.KDF,
            roles.article, self.now(),
        )
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

    def register_trustee_key(self, actor: Actor, cmd: c.RegisterTrusteeKey) -> int:
        """A trustee's public share, from the passphrase typed now; the secret share is forgotten at once."""
        session = self._session(actor, cmd.session_id, (Role.COUNCIL_MEMBER, Role.SECRETARIAT))
        if actor.person_id not in session.trustee_ids:
            raise VotingError("Chỉ người giữ khoá kiểm phiếu của phiên họp mới đăng ký khoá.")
        secret = keys.derive_secret(cmd.passphrase, session.key_salt, session.kdf)
        public, proof = keys.public_share(session.id, actor.person_id, secret)
        session.register_trustee_key(actor.person_id, public, proof, **self.who(actor))
        return self.commit(session)

    def cast_ballot(self, actor: Actor, cmd: c.CastBallot) -> Receipt:
        """Cast a secret ballot: the session learns only that the member voted, the box an encrypted ballot
        of one length whatever the choices. The member's receipt is the ballot's tracking code."""
        session = self._session(actor, cmd.session_id, (Role.COUNCIL_MEMBER,))
        session.check_ballot(actor.person_id, dict(cmd.choices), cmd.written)
        if cmd.written:
            self._check_written_counts(session, [UUID(n) for n in cmd.choices])
        box = self.load(session.ballot_box_id, BallotBox, "hòm phiếu")
        ballot = ballots.encrypt_ballot(session.id, session.agenda, session.joint_key, dict(cmd.choices))
        session.mark_voted(actor.person_id, cmd.written, at=self.now())
        box.deposit_encrypted(ballot)
        return Receipt(self.commit(session, box), ballots.tracking_code(ballot))

    def close_session(self, actor: Actor, cmd: c.CloseSession) -> int:
        """Close the voting: no ballot is opened, ever; the tally decrypts only the sums."""
        session = self._session(actor, cmd.session_id, SECRETARIAT)
        session.close(**self.who(actor))
        return self.commit(session)

    def tally_session(self, actor: Actor, cmd: c.TallySession) -> int:
        """Count the box under each dossier's rule set in force (with its campaign's and issuer's overlays):
        a session short of any of their quorums decides nothing and its dossiers stay posted; otherwise
        thresholds over the total membership, then quota ranking by votes."""
        session = self._session(actor, cmd.session_id, SECRETARIAT)
        box = self.load(session.ballot_box_id, BallotBox, "hòm phiếu")
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
        counts = self._ballot_counts(session, box, cmd, self.who(actor))
        if counts is None:
            return self.commit(session)
        results = {n.id: self._result(rules[n.id], session, counts[str(n.id)], n) for n in nominations}
        self._apply_quotas(nominations, rules, results, list(cmd.chair_picks))
        versions = ", ".join(sorted({r.version for r in rules.values()}))
        session.record_tally(
            [{"nomination_id": k, **v} for k, v in results.items()], ruleset_version=versions, **self.who(actor)
        )
        for nomination in nominations:
            if nomination.stage is Stage.POSTED:
                nomination.record_council_result(session.id, results[nomination.id], self.now(), rules[nomination.id].version)
        return self.commit(session, box, *nominations)

    def _ballot_counts(self, session: CouncilSession, box: BallotBox, cmd: c.TallySession, who: dict) -> dict | None:
        """Yes/no/abstain per dossier: the trustees decrypt the sums of the encrypted ballots (a box sealed
        before encrypted ballots counts its opened ballots). Without every trustee nothing is decrypted:
        the session is recorded as not counted, and None returned."""
        if not session.trustees and box.unsealed:
            return {str(n): box.counts(n) for n in session.agenda}
        if not session.trustees:  # sealed with a key that no longer exists
            session.record_not_counted(0, keys.MISSING_ARTICLE, keys.SEALED_MESSAGE, session.ruleset_version, **who)
            return None
        missing = [t for t in session.trustee_ids if not cmd.passphrases.get(str(t))]
        if missing:
            if not cmd.trustees_absent:
                raise VotingError(
                    "Còn thiếu cụm mật khẩu của người giữ khoá kiểm phiếu. Nếu người giữ khoá vắng mặt, xác nhận "
                    "để ghi nhận phiên họp không kiểm được phiếu."
                )
            session.record_not_counted(
                len(missing), keys.MISSING_ARTICLE, keys.missing_message(len(missing)), session.ruleset_version, **who,
            )
            return None
        return self._decrypt_sums(session, box, cmd.passphrases)

    @staticmethod
    def _decrypt_sums(session: CouncilSession, box: BallotBox, passphrases: dict[str, str]) -> dict:
        """Each trustee's secret share derived from the passphrase typed now, used for its partial decryption
        of the sums (with proofs), then forgotten; the box records the partials, the totals follow."""
        sums = ballots.homomorphic_sums(session.agenda, box.encrypted)
        partials = {}
        for trustee_id in session.trustee_ids:
            secret = keys.derive_secret(passphrases[str(trustee_id)], session.key_salt, session.kdf)
            if not keys.opens(secret, session.public_shares[trustee_id][0]):
                raise VotingError("Cụm mật khẩu của người giữ khoá kiểm phiếu không đúng.")
            partials[str(trustee_id)] = ballots.partial_decryption(session.id, trustee_id, secret, sums)
        box.record_decryption(partials)
        return ballots.decrypt_totals(session.agenda, sums, list(partials.values()), len(box.encrypted))

    def get_trustees(self, session_id: UUID) -> list[dict]:
        """The session's trustees and whether each has registered a key share."""
        session = self.load(session_id, CouncilSession, "phiên họp", read_only=True)
        return [{"person_id": t, "role": Role(r["role"]), "registered": t in session.public_shares}
                for t, r in zip(session.trustee_ids, session.trustees)]

    def get_tally_proof(self, session_id: UUID) -> dict:
        """Everything needed to check a session's count (`domain.ballot.verify`); a session whose box was
        sealed before encrypted ballots has none."""
        session = self.load(session_id, CouncilSession, "phiên họp", read_only=True)
        if not session.trustees:
            raise NotFoundError("Phiên họp này bỏ phiếu trước khi có phiếu mã hoá kiểm chứng được.")
        return tally_proof(session, self.load(session.ballot_box_id, BallotBox, "hòm phiếu", read_only=True))

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
    def _result(ruleset, session: CouncilSession, counts: dict[str, int], nomination: Nomination) -> dict:
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


class Receipt(int):
    """A cast ballot's ledger position (what every command answers) carrying the member's tracking code."""

    tracking_code: str

    def __new__(cls, position: int, tracking_code: str) -> Receipt:
        receipt = super().__new__(cls, position)
        receipt.tracking_code = tracking_code
        return receipt

    def __getnewargs__(self) -> tuple[int, str]:  # pickled to and from worker processes
        return int(self), self.tracking_code


def new_session_id() -> UUID:
    return uuid4()
