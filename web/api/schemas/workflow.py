"""marshmallow <Command>Schema for campaigns, participation, nominations, council sessions and decisions."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain import commands as c
from domain.decision import KINDS as DECISION_KINDS
from domain.values import RETURNABLE_STAGES, Choice
from web.api.schemas.commands import (
    AWARD_TYPES, FILLED, KEY, LABEL, NAME, NOMINEE_KINDS, TEXT, TITLE, CommandSchema, PrintableSchema, ids, label,
    optional_id, limit, required, text,
)


class EvidenceSchema(PrintableSchema):
    """A file uploaded for the unit (its upload answers this reference), cited by a report or a dossier."""

    name = required(validate=NAME, metadata={"description": "Tên tệp (không có đường dẫn)."})
    sha256 = required(validate=validate.Regexp("^[0-9a-f]{64}$"), metadata={"description": "Mã băm SHA-256 của tệp."})
    size = required(fields.Integer, validate=validate.Range(min=1), metadata={"description": "Kích thước (byte)."})
    content_type = required(validate=NAME)


def evidence_list() -> fields.List:
    return fields.List(fields.Nested(EvidenceSchema), load_default=list)


# --- campaigns and participation --------------------------------------------------------------


class DraftCampaignSchema(CommandSchema):
    command = c.DraftCampaign
    key, issuer_id, theme = required(validate=KEY), required(fields.UUID), required(validate=TITLE)
    scope, form = required(validate=limit("scope")), fields.String(validate=limit("form"))
    period_start, period_end = required(fields.Date), required(fields.Date)
    cluster_id, summary_arrangement = optional_id(), text()
    mottos, legal_bases = fields.List(fields.Dict()), fields.List(fields.Dict())
    preamble, notes = fields.List(text()), fields.List(text())
    document = fields.Dict()


class AddContentItemSchema(CommandSchema):
    command = c.AddContentItem
    campaign_id, item = required(fields.UUID), required(fields.Dict)


class SetTargetSchema(CommandSchema):
    command = c.SetTarget
    campaign_id, target = required(fields.UUID), required(fields.Dict)


class AmendTargetSchema(CommandSchema):
    command = c.AmendTarget
    campaign_id, code, value, reason = required(fields.UUID), required(validate=KEY), required(fields.Float), required(validate=TEXT)


class InviteParticipantSchema(CommandSchema):
    command = c.InviteParticipant
    campaign_id, participant_id = required(fields.UUID), required(fields.UUID)


class LaunchCampaignSchema(CommandSchema):
    command = c.LaunchCampaign
    campaign_id, launched_on = required(fields.UUID), required(fields.Date)


class SignCovenantSchema(CommandSchema):
    command = c.SignCovenant
    campaign_id, unit_id = required(fields.UUID), required(fields.UUID)


class CloseCampaignSchema(CommandSchema):
    command = c.CloseCampaign
    campaign_id, summary = required(fields.UUID), required(validate=FILLED)


class SignUpSchema(CommandSchema):
    command = c.SignUp
    campaign_id, participant_id = required(fields.UUID), required(fields.UUID)
    participant_kind = required(validate=validate.OneOf(["unit", "person"]))
    registered_titles = fields.List(label(), load_default=list)


class ApproveSignUpSchema(CommandSchema):
    command = c.ApproveSignUp
    participation_id = required(fields.UUID)


class ReportProgressSchema(CommandSchema):
    command = c.ReportProgress
    participation_id, period_label, period_end = required(fields.UUID), required(validate=NAME), required(fields.Date)
    values = fields.Dict(keys=fields.String(validate=KEY), values=fields.Float(), required=True)
    evidence, final = evidence_list(), fields.Boolean()


class CorrectReportSchema(CommandSchema):
    command = c.CorrectReport
    participation_id, report_id, reason = required(fields.UUID), required(validate=NAME), required(validate=TEXT)
    values = fields.Dict(keys=fields.String(validate=KEY), values=fields.Float(), required=True)
    evidence = evidence_list()


class ApproveReportSchema(CommandSchema):
    command = c.ApproveReport
    participation_id, report_id = required(fields.UUID), required(validate=NAME)


class WithdrawParticipationSchema(CommandSchema):
    command = c.WithdrawParticipation
    participation_id, reason = required(fields.UUID), required(validate=TEXT)


# --- nominations -----------------------------------------------------------------------------


class NominateSchema(CommandSchema):
    command = c.Nominate
    campaign_id, nominee_id = required(fields.UUID), required(fields.UUID)
    nominee_kind, title_code = required(validate=NOMINEE_KINDS), required(validate=limit("title_code", min=1))
    achievements, award_type = required(validate=TEXT), fields.String(validate=AWARD_TYPES)
    initiative_id, evidence = optional_id(), evidence_list()


class ReviseDossierSchema(CommandSchema):
    command = c.ReviseDossier
    nomination_id, achievements = required(fields.UUID), required(validate=TEXT)
    initiative_id, evidence = optional_id(), evidence_list()


class SubmitNominationSchema(CommandSchema):
    command = c.SubmitNomination
    nomination_id, comment = required(fields.UUID), text()


class ApproveStageSchema(CommandSchema):
    command = c.ApproveStage
    nomination_id, comment = required(fields.UUID), text()
    stage = required(validate=validate.OneOf(["unit_approved", "checked"]))


class ReturnNominationSchema(CommandSchema):
    command = c.ReturnNomination
    nomination_id, reason = required(fields.UUID), required(validate=TEXT)
    to_stage = required(validate=validate.OneOf(sorted(s.value for s in RETURNABLE_STAGES)))


class WithdrawNominationSchema(CommandSchema):
    command = c.WithdrawNomination
    nomination_id, reason = required(fields.UUID), required(validate=TEXT)


class RejectNominationSchema(WithdrawNominationSchema):
    command = c.RejectNomination


class PostPubliclySchema(CommandSchema):
    command = c.PostPublicly
    nomination_ids, until = ids(), required(fields.Date)


class RaiseObjectionSchema(CommandSchema):
    command = c.RaiseObjection
    nomination_id, text = required(fields.UUID), required(validate=FILLED)


class ResolveObjectionSchema(CommandSchema):
    command = c.ResolveObjection
    nomination_id, objection_id = required(fields.UUID), required(validate=LABEL)
    upheld, resolution = required(fields.Boolean), required(validate=TEXT)


# --- council sessions and decisions ------------------------------------------------------------


class ConveneSessionSchema(CommandSchema):
    command = c.ConveneSession
    council_unit_id, name, chair_id = required(fields.UUID), required(validate=NAME), required(fields.UUID)
    members, agenda, meeting_on = ids(), ids(), required(fields.Date)


class RecordAttendanceSchema(CommandSchema):
    command = c.RecordAttendance
    session_id, present = required(fields.UUID), ids()


class RegisterTrusteeKeySchema(CommandSchema):
    command = c.RegisterTrusteeKey
    session_id, passphrase = required(fields.UUID), required(fields.String)


class CastBallotSchema(CommandSchema):
    command = c.CastBallot
    session_id, written = required(fields.UUID), fields.Boolean()
    choices = fields.Dict(
        keys=fields.String(), values=fields.String(validate=validate.OneOf([x.value for x in Choice])), required=True,
    )


class CloseSessionSchema(CommandSchema):
    command = c.CloseSession
    session_id = required(fields.UUID)


class TallySessionSchema(CommandSchema):
    command = c.TallySession
    session_id, chair_picks = required(fields.UUID), fields.List(fields.UUID(), load_default=list)
    passphrases = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)  # trustee id -> passphrase
    trustees_absent = fields.Boolean(load_default=False)


class DraftDecisionSchema(CommandSchema):
    command = c.DraftDecision
    issuer_id, number, subject = required(fields.UUID), required(validate=limit("number", min=1)), required(validate=TITLE)
    decision_date, signer_id, signer_title = required(fields.Date), required(fields.UUID), required(validate=LABEL)
    nomination_ids = fields.List(fields.UUID(), load_default=list)
    kind = fields.String(validate=validate.OneOf(DECISION_KINDS))
    target_decision_id, reason = optional_id(), text()


class SignDecisionSchema(CommandSchema):
    command = c.SignDecision
    decision_id = required(fields.UUID)


class DiscardDecisionSchema(CommandSchema):
    """Discard an unsigned draft decision: its dossiers go back to await a decision, its quota places are freed."""

    command = c.DiscardDecision
    decision_id = required(fields.UUID)
    reason = required(validate=FILLED, metadata={"description": "Lý do hủy bỏ dự thảo (bắt buộc)."})
