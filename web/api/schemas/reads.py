"""marshmallow <ReadModel>Schema for what the API serves (dump only); nullable fields say so."""

from __future__ import annotations

from marshmallow import fields, validate

from web.api.schemas.common import AsOfSchema
from web.api.schemas.dump import ReadSchema



def nullable(field: type[fields.Field] = fields.String) -> fields.Field:
    return field(allow_none=True)


class ParticipantSchema(ReadSchema):
    participation_id, campaign_id, participant_id, unit_id = fields.UUID(), fields.UUID(), fields.UUID(), fields.UUID()
    participant_kind, status, name = fields.String(), fields.String(), nullable()
    registered_titles = fields.List(fields.String())
    signed_up_at, approved_at = fields.DateTime(), nullable(fields.DateTime)


class ProgressSchema(ReadSchema):
    code, description = fields.String(), fields.String()
    value, target, attainment, weight = nullable(fields.Float), fields.Float(), fields.Float(), fields.Float()


class StandingSchema(ReadSchema):
    participation_id, participant_id, unit_id, cluster_id = fields.UUID(), fields.UUID(), fields.UUID(), nullable(fields.UUID)
    name, kind, status = nullable(), fields.String(), fields.String()
    score, rank = fields.Float(), fields.Integer()
    progress = fields.List(fields.Nested(ProgressSchema))


class TargetAttainmentSchema(ReadSchema):
    code, description, metric, direction, measure = fields.String(), fields.String(), fields.String(), fields.String(), fields.String()
    unit, weight, target = nullable(), nullable(fields.Float), fields.Float()
    value, met, measurable = nullable(fields.Float), fields.Boolean(), fields.Boolean()
    reported, population, achieved = nullable(fields.Integer), nullable(fields.Integer), nullable(fields.Integer)
    derived = fields.Boolean(metadata={"description": "true when the programme sets no figure for this target: its value "
                                                      "is read from the programme's words (chỉ tiêu suy ra), not printed in it"})


class PipelineCountSchema(ReadSchema):
    stage, title_code, unit_id, unit_name, count = fields.String(), fields.String(), fields.UUID(), nullable(), fields.Integer()


class NominationSummarySchema(ReadSchema):
    nomination_id, campaign_id, nominee_id, unit_id, proposer_id = fields.UUID(), fields.UUID(), fields.UUID(), fields.UUID(), fields.UUID()
    nominee_kind, nominee_name, unit_name = fields.String(), nullable(), nullable()
    title_code, award_type, stage, year = fields.String(), fields.String(), fields.String(), fields.Integer()
    returned_to, return_reason = nullable(), nullable()
    received_on, posted_on, posted_until, decided_on = nullable(fields.Date), nullable(fields.Date), nullable(fields.Date), nullable(fields.Date)
    open_objections = fields.Integer()
    council_session_id, decision_id = nullable(fields.UUID), nullable(fields.UUID)
    votes_yes, votes_no, votes_abstain, required_yes, amount = nullable(fields.Integer), nullable(fields.Integer), nullable(fields.Integer), nullable(fields.Integer), nullable(fields.Integer)
    passed = nullable(fields.Boolean)
    drafted_at, updated_at = fields.DateTime(), fields.DateTime()


class ObjectionSchema(ReadSchema):
    objection_id, text = fields.String(), fields.String()
    raised_at, resolved_at = fields.DateTime(), nullable(fields.DateTime)
    resolved, upheld, resolution = fields.Boolean(), nullable(fields.Boolean), nullable()


class NominationSchema(NominationSummarySchema, AsOfSchema):
    achievements, campaign_theme = fields.String(), nullable()
    initiative_id = nullable(fields.UUID)
    evidence = fields.List(fields.Dict())
    objections = fields.List(fields.Nested(ObjectionSchema))


class UnmetSchema(ReadSchema):
    code, message, message_en, article = fields.String(), fields.String(), nullable(), nullable()


class EligibilitySchema(ReadSchema):
    nomination_id, title_code, ruleset_version = fields.UUID(), fields.String(), fields.String()
    eligible = fields.Boolean()
    held = fields.Boolean(metadata={"description": "tạm dừng xét: only pending proceedings stand in the way (ND 152 Art. 4(4))"})
    status = fields.String(validate=validate.OneOf(["eligible", "held", "not_eligible"]))
    unmet = fields.List(fields.Nested(UnmetSchema))


class CouncilSessionSummarySchema(ReadSchema):
    session_id, council_unit_id, chair_id = fields.UUID(), fields.UUID(), fields.UUID()
    council_unit_name, name, status, ruleset_version = nullable(), fields.String(), fields.String(), fields.String()
    meeting_on = fields.Date()
    members_count, present_count, written_count = fields.Integer(), fields.Integer(), nullable(fields.Integer)
    agenda = fields.List(fields.UUID())
    convened_at, closed_at, tallied_at = fields.DateTime(), nullable(fields.DateTime), nullable(fields.DateTime)


class CouncilResultSchema(ReadSchema):
    nomination_id, nominee_id = fields.UUID(), fields.UUID()
    nominee_name, nominee_kind, title_code = nullable(), fields.String(), fields.String()
    yes, no, abstain, required_yes = fields.Integer(), fields.Integer(), fields.Integer(), fields.Integer()
    threshold, article, message = fields.String(), fields.String(), fields.String()
    quorum_met, passed, beyond_quota = fields.Boolean(), fields.Boolean(), fields.Boolean()


class CouncilSessionSchema(CouncilSessionSummarySchema, AsOfSchema):
    results = fields.List(fields.Nested(CouncilResultSchema))


class DecisionSummarySchema(ReadSchema):
    decision_id, issuer_id, signer_id = fields.UUID(), fields.UUID(), fields.UUID()
    target_decision_id, superseded_by = nullable(fields.UUID), nullable(fields.UUID)
    issuer_name, signer_name = nullable(), nullable()
    number, kind, subject, signer_title, status, ruleset_version = (fields.String() for _ in range(6))
    year, item_count, total_amount = fields.Integer(), fields.Integer(), fields.Integer()
    decision_date, signed_on = fields.Date(), nullable(fields.Date)


class DecisionItemSchema(ReadSchema):
    seq, year, base_salary, amount, paid_amount = (fields.Integer() for _ in range(5))
    nomination_id, nominee_id, unit_id = fields.UUID(), fields.UUID(), fields.UUID()
    nominee_name, nominee_kind, unit_name = fields.String(), fields.String(), nullable()
    title_code, title_name, award_type, coefficient, article = (fields.String() for _ in range(5))
    paid = fields.Boolean()


class UnitTotalSchema(ReadSchema):
    unit_id, unit_name = fields.UUID(), nullable()
    item_count, amount = fields.Integer(), fields.Integer()


class DecisionSchema(DecisionSummarySchema, AsOfSchema):
    authority_level, reason = fields.String(), fields.String()
    pdf_sha256 = fields.String(allow_none=True, metadata={"description": "SHA-256 of the PDF printed at signing"})
    discard_reason = fields.String(allow_none=True, metadata={"description": "why the unsigned draft was discarded"})
    legal_bases = fields.List(fields.String())
    items = fields.List(fields.Nested(DecisionItemSchema))
    unit_totals = fields.List(fields.Nested(UnitTotalSchema))


class AwardSchema(ReadSchema):
    subject_id, decision_id = fields.UUID(), fields.UUID()
    decision_number, person_name = nullable(), nullable()
    code, award_type = fields.String(), fields.String()
    year = fields.Integer()
    decided_on = fields.Date()
    revoked = fields.Boolean()
    revoked_at, revoked_reason = nullable(fields.DateTime), nullable()


class RatingSchema(ReadSchema):
    year, rating = fields.Integer(), fields.String()


class AwardHistorySchema(AsOfSchema):
    subject_id = fields.UUID()
    awards = fields.List(fields.Nested(AwardSchema))
    ratings = fields.List(fields.Nested(RatingSchema))


class UnitSchema(ReadSchema):
    unit_id, parent_id, successor_id = fields.UUID(), nullable(fields.UUID), nullable(fields.UUID)
    key, name, short_name, kind, authority_level = (fields.String() for _ in range(5))
    province, abbreviation = nullable(), nullable()


class GrantSchema(ReadSchema):
    role, scope_id = fields.String(), nullable(fields.UUID)


class PersonSchema(ReadSchema):
    person_id, unit_id = fields.UUID(), fields.UUID()
    key, full_name, unit_name, gender, position = fields.String(), fields.String(), nullable(), nullable(), nullable()
    active = fields.Boolean()


class PersonDetailSchema(PersonSchema, AsOfSchema):
    roles = fields.List(fields.Nested(GrantSchema))


class InboxItemSchema(ReadSchema):
    item_id, scope_id, person_id, campaign_id, unit_id, issuer_id, subject_id, parent_id = fields.UUID(), *(nullable(fields.UUID) for _ in range(7))
    item_kind, title, stage = fields.String(), fields.String(), fields.String()
    waiting_role, unit_name, subject_name, title_code, note = (nullable() for _ in range(5))
    since_at, deadline = fields.DateTime(), nullable(fields.Date)
    age_days, overdue = fields.Integer(), fields.Boolean()


class AuditEntrySchema(ReadSchema):
    item_id, actor_id = fields.UUID(), nullable(fields.UUID)
    version, position = fields.Integer(), fields.Integer()
    event_type, aggregate_type, summary = fields.String(), fields.String(), fields.String()
    at, recorded_at = fields.DateTime(), fields.DateTime()
    role, role_label, actor_name, reason = (nullable() for _ in range(4))


class AuditTrailSchema(AsOfSchema):
    item_id = fields.UUID()
    entries = fields.List(fields.Nested(AuditEntrySchema))


class EventSchema(ReadSchema):
    """One ledger event; ballot events are redacted so no voter is ever linked to a choice."""

    position, version = fields.Integer(), fields.Integer()
    aggregate_id = fields.UUID()
    aggregate_type, type = fields.String(), fields.String()
    recorded_at = fields.DateTime()
    data = fields.Dict()
    redacted = fields.Boolean()


class EventPageSchema(ReadSchema):
    items = fields.List(fields.Nested(EventSchema))
    next = fields.Integer(metadata={"description": "pass as `after` to read the next page"})
    head = fields.Integer(metadata={"description": "the ledger's last position when read"})


class BaseSalarySchema(ReadSchema):
    amount = fields.Integer(metadata={"description": "mức lương cơ sở, đồng/tháng"})
    article = fields.String(metadata={"description": "the text that set it, e.g. Điều 3 khoản 2 Nghị định 73/2024/NĐ-CP"})
    effective_from, effective_to = fields.Date(), nullable(fields.Date)


class RulebookSchema(ReadSchema):
    on = fields.Date()
    version = fields.String()
    rules = fields.Dict()
    legal_bases = fields.List(fields.String(), metadata={"description": "the “Căn cứ” lines of a decision of that date"})
    base_salary = fields.Nested(BaseSalarySchema, metadata={
        "description": "the base salary in force on that date: every amount is a coefficient of the rules times it "
                       "(ND 152/2025 Art. 49(1))",
    })
