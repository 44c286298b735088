"""Commands on campaigns and participation: draft, launch, invite, covenant, sign up, report, close."""

from __future__ import annotations

from uuid import UUID

from domain import commands as c
from domain.campaign import Campaign
from domain.clock import local_date
from domain.exceptions import CampaignNotOpenError, InvalidCommandError, SeparationOfDutiesError
from domain.organisation import Cluster, Person, Unit
from domain.participation import Participation
from domain.rules.targets import ensure_fits_metric
from domain.services.evidence import EvidenceService
from domain.services.rulebook import RulebookService
from domain.values import Actor, Role

ORGANISERS = (Role.ADMIN, Role.SECRETARIAT)
CLERKS = (Role.UNIT_CLERK,)
HEADS = (Role.UNIT_HEAD,)


class CampaignService(RulebookService, EvidenceService):
    def draft_campaign(self, actor: Actor, cmd: c.DraftCampaign) -> UUID:
        """Draft a campaign (dự thảo phong trào) of an issuer, or of a cluster."""
        self.authorise(actor, ORGANISERS, cmd.issuer_id)
        self.load(cmd.issuer_id, Unit, "đơn vị phát động", read_only=True)
        if cmd.cluster_id is not None:
            self.load(cmd.cluster_id, Cluster, "cụm thi đua", read_only=True)
        if cmd.period_end < cmd.period_start:
            raise InvalidCommandError("Ngày kết thúc phải sau ngày bắt đầu.")
        campaign = Campaign(
            key=cmd.key, issuer_id=cmd.issuer_id, scope=cmd.scope, cluster_id=cmd.cluster_id, form=cmd.form,
            theme=cmd.theme, mottos=cmd.mottos, period_start=cmd.period_start, period_end=cmd.period_end,
            summary_arrangement=cmd.summary_arrangement, legal_bases=cmd.legal_bases, preamble=cmd.preamble,
            document=cmd.document, notes=cmd.notes, **self.who(actor),
        )
        self.commit(campaign, duplicate=f"Phong trào «{cmd.key}» đã tồn tại.")
        return campaign.id

    def _organise(self, actor: Actor, campaign_id: UUID) -> Campaign:
        campaign = self.load(campaign_id, Campaign, "phong trào")
        self.authorise(actor, ORGANISERS, campaign.issuer_id)
        return campaign

    def add_content_item(self, actor: Actor, cmd: c.AddContentItem) -> int:
        campaign = self._organise(actor, cmd.campaign_id)
        campaign.add_content_item(cmd.item, **self.who(actor))
        return self.commit(campaign)

    def set_target(self, actor: Actor, cmd: c.SetTarget) -> int:
        campaign = self._organise(actor, cmd.campaign_id)
        campaign.set_target(cmd.target, **self.who(actor))
        return self.commit(campaign)

    def amend_target(self, actor: Actor, cmd: c.AmendTarget) -> int:
        campaign = self._organise(actor, cmd.campaign_id)
        campaign.amend_target(cmd.code, cmd.value, reason=cmd.reason, **self.who(actor))
        return self.commit(campaign)

    def invite_participant(self, actor: Actor, cmd: c.InviteParticipant) -> int:
        campaign = self._organise(actor, cmd.campaign_id)
        self.load(cmd.participant_id, Unit, "đơn vị", read_only=True)
        campaign.invite(cmd.participant_id, **self.who(actor))
        return self.commit(campaign)

    def launch_campaign(self, actor: Actor, cmd: c.LaunchCampaign) -> int:
        """Launch (phát động) the campaign; for a cluster, every member on the launch date is invited first."""
        campaign = self._organise(actor, cmd.campaign_id)
        if campaign.cluster_id is not None:
            cluster = self.load(campaign.cluster_id, Cluster, "cụm thi đua", read_only=True)
            for unit_id in cluster.members_on(cmd.launched_on):
                if unit_id not in campaign.invited:
                    campaign.invite(unit_id, **self.who(actor))
        campaign.launch(cmd.launched_on, **self.who(actor))
        return self.commit(campaign)

    def sign_covenant(self, actor: Actor, cmd: c.SignCovenant) -> int:
        """The head of a member unit signs the cluster covenant (giao ước thi đua)."""
        self.authorise(actor, HEADS, cmd.unit_id)
        campaign = self.load(cmd.campaign_id, Campaign, "phong trào")
        campaign.sign_covenant(cmd.unit_id, actor.person_id, **self.who(actor))
        return self.commit(campaign)

    def close_campaign(self, actor: Actor, cmd: c.CloseCampaign) -> int:
        campaign = self._organise(actor, cmd.campaign_id)
        campaign.close(cmd.summary, **self.who(actor))
        return self.commit(campaign)

    def sign_up(self, actor: Actor, cmd: c.SignUp) -> UUID:
        """Sign a unit or a person up with the titles they aim for; one sign-up per participant."""
        campaign = self.load(cmd.campaign_id, Campaign, "phong trào")
        unit_id = self._participant_unit(cmd.participant_id, cmd.participant_kind)
        self.authorise(actor, CLERKS, unit_id)
        campaign.ensure_within_period(self.now())
        if campaign.scope == "cluster" and unit_id not in campaign.invited:
            raise CampaignNotOpenError("Đơn vị không thuộc danh sách được mời tham gia phong trào của cụm.")
        participation = Participation.sign_up(
            campaign_id=campaign.id, participant_id=cmd.participant_id, participant_kind=cmd.participant_kind,
            unit_id=unit_id, registered_titles=list(cmd.registered_titles),
            ruleset=self.ruleset_on(local_date(self.now()), campaign=campaign), **self.who(actor),
        )
        self.commit(participation, duplicate="Đơn vị/cá nhân này đã đăng ký thi đua trong phong trào.")
        return participation.id

    def _participant_unit(self, participant_id: UUID, kind: str) -> UUID:
        if kind == "unit":
            return self.load(participant_id, Unit, "đơn vị", read_only=True).id
        if kind == "person":
            return self.load(participant_id, Person, "người", read_only=True).unit_id
        raise InvalidCommandError("Đối tượng tham gia phải là «unit» hoặc «person».")

    def _participation(self, actor: Actor, participation_id: UUID, roles: tuple[Role, ...]) -> tuple[Participation, Campaign]:
        participation = self.load(participation_id, Participation, "đăng ký thi đua")
        self.authorise(actor, roles, participation.unit_id)
        return participation, self.load(participation.campaign_id, Campaign, "phong trào")

    def approve_sign_up(self, actor: Actor, cmd: c.ApproveSignUp) -> int:
        participation, campaign = self._participation(actor, cmd.participation_id, HEADS)
        campaign.ensure_active(self.now())
        if actor.person_id == participation.signed_up_by:
            raise SeparationOfDutiesError("Người lập đăng ký không được tự phê duyệt.")
        participation.approve(**self.who(actor))
        return self.commit(participation)

    def report_progress(self, actor: Actor, cmd: c.ReportProgress) -> str:
        """File a progress report for a period, with values per target and evidence references."""
        participation, campaign = self._participation(actor, cmd.participation_id, CLERKS)
        campaign.ensure_within_period(self.now())
        check_reported_values(campaign, cmd.values)
        if not campaign.period_start <= cmd.period_end <= campaign.period_end:
            raise CampaignNotOpenError("Kỳ báo cáo phải nằm trong thời gian thực hiện phong trào.")
        if cmd.period_end > local_date(self.now()):
            raise InvalidCommandError("Chưa thể báo cáo cho một kỳ chưa kết thúc.")
        report_id = f"{cmd.period_label}"
        evidence = self.cited_evidence(participation.unit_id, cmd.evidence)
        participation.report(
            report_id, cmd.period_label, cmd.period_end, dict(cmd.values), evidence, cmd.final, **self.who(actor),
        )
        self.commit(participation)
        return report_id

    def correct_report(self, actor: Actor, cmd: c.CorrectReport) -> int:
        participation, campaign = self._participation(actor, cmd.participation_id, CLERKS)
        campaign.ensure_active(self.now())
        check_reported_values(campaign, cmd.values)
        kept = participation.reports.get(cmd.report_id, {}).get("evidence", [])
        evidence = self.cited_evidence(participation.unit_id, cmd.evidence, kept)
        participation.correct_report(cmd.report_id, dict(cmd.values), evidence, reason=cmd.reason, **self.who(actor))
        return self.commit(participation)

    def approve_report(self, actor: Actor, cmd: c.ApproveReport) -> int:
        participation, campaign = self._participation(actor, cmd.participation_id, HEADS)
        campaign.ensure_active(self.now())
        participation.approve_report(cmd.report_id, **self.who(actor))
        return self.commit(participation)

    def withdraw_participation(self, actor: Actor, cmd: c.WithdrawParticipation) -> int:
        participation, campaign = self._participation(actor, cmd.participation_id, CLERKS + HEADS)
        campaign.ensure_active(self.now())
        participation.withdraw(reason=cmd.reason, **self.who(actor))
        return self.commit(participation)


def check_reported_values(campaign: Campaign, values: dict[str, float]) -> None:
    """Each value is for one of the campaign's targets, in that target's unit and range."""
    unknown = sorted(set(values) - set(campaign.targets))
    if unknown:
        raise InvalidCommandError(f"Chỉ tiêu không có trong phong trào: {', '.join(unknown)}.")
    for code, value in values.items():
        ensure_fits_metric(code, campaign.targets[code]["metric"], value)
