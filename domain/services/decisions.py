"""Commands on award decisions: draft (quotas, authority, posting, money), sign, amend or revoke."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from uuid import UUID

from domain import commands as c
from domain.campaign import Campaign
from domain.clock import local_date
from domain.decision import AwardDecision, check_draft
from domain.exceptions import DuplicateError, RuleViolationError, StageOrderError
from domain.nomination import Nomination
from domain.organisation import Person, Record, Unit
from domain.register import AwardRegister, register_entry
from domain.rules.authority import check_authority
from domain.rules.money import award_amount, payable
from domain.rules.quotas import QuotaItem, check_quotas
from domain.services.rulebook import RulebookService
from domain.values import Actor, NomineeKind, Role, Stage


class DecisionService(RulebookService):
    render_pdf: Callable[[dict], bytes] | None = None  # prints a signed decision's facts; wired by the adapters

    def draft_decision(self, actor: Actor, cmd: c.DraftDecision) -> UUID:
        """Draft a decision: only fully approved, cleared nominations; quotas, authority and money checked."""
        self.authorise(actor, (Role.SECRETARIAT,), cmd.issuer_id)
        issuer = self.load(cmd.issuer_id, Unit, "đơn vị ban hành", read_only=True)
        signer = self.load(cmd.signer_id, Person, "người ký", read_only=True)
        if not signer.holds(Role.SIGNER.value, issuer.id):
            raise RuleViolationError("Người ký không có thẩm quyền ký quyết định của đơn vị này.")
        check_draft(cmd.kind, cmd.number, [{"nomination_id": n} for n in cmd.nomination_ids], cmd.target_decision_id, cmd.reason)
        year = cmd.decision_date.year
        decision_id = AwardDecision.create_id(issuer.id, year, cmd.number)
        if self.find(decision_id, object) is not None:
            raise DuplicateError(f"Số quyết định «{cmd.number}» đã được dùng trong năm {year}.")
        nominations = [self.load(n, Nomination, "hồ sơ") for n in cmd.nomination_ids]
        registers = {c: self.award_register(c) for c in dict.fromkeys(n.campaign_id for n in nominations)}
        ruleset = self.ruleset_on(cmd.decision_date, min((n.received_on for n in nominations if n.received_on), default=None))
        self._check_ready(nominations, cmd)
        self._check_rules(ruleset, issuer, nominations, registers, decision_id, cmd)
        items = self._priced_items(ruleset, nominations, cmd)
        decision = AwardDecision(
            issuer_id=issuer.id, year=year, number=cmd.number, kind=cmd.kind, target_decision_id=cmd.target_decision_id,
            subject=cmd.subject, decision_date=cmd.decision_date, signer_id=signer.id, signer_title=cmd.signer_title,
            authority_level=issuer.authority_level, legal_bases=list(ruleset.legal_bases), items=items,
            totals=totals_of(items), ruleset_version=ruleset.version, reason=cmd.reason, **self.who(actor),
        )
        for nomination in nominations:
            nomination.add_to_decision(decision.id, **self.who(actor))
        for campaign_id, register in registers.items():
            register.register(decision.id, [register_entry(quota_item(n)) for n in nominations if n.campaign_id == campaign_id])
        self.commit(decision, *registers.values(), *nominations)
        return decision.id

    def _check_ready(self, nominations: list[Nomination], cmd: c.DraftDecision) -> None:
        """A decision only lists nominations that passed every stage and whose posting ended cleanly, by today
        and by the decision's date."""
        for n in nominations:
            if n.stage is not Stage.VOTED:
                raise StageOrderError(f"{self.dossier_name(n)} chưa qua đủ các bước (đang ở «{n.stage.name_vi}»).")
        for on in (local_date(self.now()), cmd.decision_date):
            self.check_posting(nominations, on)

    def dossier_name(self, n: Nomination) -> str:
        """How a person names a dossier: its nominee and year (never its id)."""
        nominee = self.load(n.nominee_id, Record, "người được đề nghị", read_only=True)
        return f"Hồ sơ của {getattr(nominee, 'full_name', None) or nominee.name} (năm {n.year})"

    def check_posting(self, nominations: list[Nomination], on: date) -> None:
        """Every dossier's public posting has ended by `on` with no objection left open (DESIGN.md §4 rule 6)."""
        for n in nominations:
            if not n.posting_cleared(on):
                raise RuleViolationError(
                    f"{self.dossier_name(n)}: đến ngày {on:%d/%m/%Y} thời gian công khai chưa kết thúc hoặc còn ý kiến "
                    "phản ánh chưa giải quyết (Điều 84 khoản 5 Luật Thi đua, khen thưởng 2022)."
                )

    def _check_rules(
        self, ruleset, issuer: Unit, nominations: list[Nomination], registers: dict, decision_id: UUID, cmd: c.DraftDecision,
    ) -> None:
        unmet = []
        campaigns = {i: self.load(i, Campaign, "phong trào", read_only=True) for i in registers}
        for n in nominations:
            unmet += [u for u in self.assess(n, campaigns[n.campaign_id], on=cmd.decision_date).unmet]
            refusal = check_authority(ruleset, n.title_code, issuer.authority_level)
            if refusal is not None:
                unmet.append(refusal)
        for campaign_id, register in registers.items():
            rules = self.ruleset_on(cmd.decision_date, campaign=campaigns[campaign_id])
            mine = [quota_item(n) for n in nominations if n.campaign_id == campaign_id]
            unmet += list(check_quotas(rules, mine, register.items_excluding(decision_id)))
        if unmet:
            raise RuleViolationError(
                "Dự thảo quyết định không đạt: " + "; ".join(u.message_vi for u in unmet),
                details=[{"message": u.message_vi, "article": u.article} for u in unmet],
            )

    def _priced_items(self, ruleset, nominations: list[Nomination], cmd: c.DraftDecision) -> list[dict]:
        base_salary = self.base_salary_on(cmd.decision_date)
        items = []
        for n in nominations:
            amount = award_amount(ruleset, n.title_code, base_salary, NomineeKind(n.nominee_kind))
            nominee = self.load(n.nominee_id, Record, "người được đề nghị", read_only=True)
            items.append({
                "nomination_id": n.id, "nominee_id": n.nominee_id, "nominee_kind": n.nominee_kind,
                "nominee_name": getattr(nominee, "full_name", None) or nominee.name, "unit_id": n.unit_id,
                "title_code": n.title_code, "title_name": ruleset.title(n.title_code).name_vi, "year": n.year,
                "award_type": n.award_type, "initiative_id": n.initiative_id, "coefficient": str(amount.coefficient),
                "base_salary": amount.base_salary, "amount": amount.amount_vnd, "article": amount.article,
            })
        paid = payable([(i["nominee_id"], i["year"], i["title_code"], i["amount"]) for i in items], ruleset)
        for item, pays in zip(items, paid):
            before = self._titles_paid_before(item["nominee_id"], item["year"]) if ruleset.title(item["title_code"]).is_title else 0
            item["paid_before"] = before
            item["paid_amount"] = max(item["amount"] - before, 0) if pays else 0
            item["paid"] = item["paid_amount"] > 0
        return items

    def _titles_paid_before(self, nominee_id: UUID, year: int) -> int:
        """What signed decisions in force paid `nominee_id` for titles of `year`: only the highest title of one
        period is paid (ND 152 Art. 49), so a later, higher title pays the difference and a lower one nothing.
        Awards recorded from before the ledger (no decision in it) carry no amount and count as nothing."""
        record = self.load(nominee_id, Record, "người được đề nghị", read_only=True)
        total = 0
        for decision_id in {a.decision_id for a in record.awards if a.year == year}:
            decision = self.find(decision_id, AwardDecision, read_only=True)
            if decision is not None and not decision.revoked:
                rules = self.ruleset_named(decision.ruleset_version)
                total += sum(i["paid_amount"] for i in decision.items if i["nominee_id"] == nominee_id
                             and i["year"] == year and rules.title(i["title_code"]).is_title)
        return total

    def sign_decision(self, actor: Actor, cmd: c.SignDecision) -> int:
        """Sign on the business clock's day: every listed nomination is decided and every awardee's record gets
        the award; the names the documents print are recorded with the signature, with the PDF's hash."""
        decision = self.load(cmd.decision_id, AwardDecision, "quyết định")
        self.authorise(actor, (Role.SIGNER,), decision.issuer_id)
        today = local_date(self.now())
        nominations = [self.load(i["nomination_id"], Nomination, "hồ sơ") for i in decision.items]
        self.check_posting(nominations, today)
        decision.ensure_signable(today, actor.person_id)
        for item in decision.items:
            if item.get("paid_before", 0) != self._titles_paid_before(item["nominee_id"], item["year"]):
                raise RuleViolationError(
                    f"Từ khi lập dự thảo, một quyết định khác đã trả tiền thưởng danh hiệu năm {item['year']} cho "
                    f"{item['nominee_name']}; cần hủy dự thảo và lập lại để chỉ trả mức cao nhất (Điều 49 Nghị định "
                    "152/2025/NĐ-CP)."
                )
        nominees = self._records({i["nominee_id"] for i in decision.items})
        document = self._document(decision, today, nominees)
        decision.sign(today, document=document, pdf_sha256=self._pdf_sha256(document), **self.who(actor))
        for item, nomination in zip(decision.items, nominations):
            nomination.decide(decision.id, True, item["paid_amount"], today, **self.who(actor))
            nominees[item["nominee_id"]].record_award(
                item["year"], item["title_code"], item["award_type"], decision.id, today, item["initiative_id"],
                **self.who(actor),
            )
        changed: list = [decision, *nominations]
        if decision.target_decision_id is not None:
            changed += self._supersede(actor, decision, nominees)
        position = self.commit(*changed, *nominees.values())
        self.seal_after_signing(actor, decision.id)
        return position

    def discard_decision(self, actor: Actor, cmd: c.DiscardDecision) -> int:
        """Discard an unsigned draft: its dossiers go back to the council's result and its quota places are freed."""
        decision = self.load(cmd.decision_id, AwardDecision, "quyết định")
        self.authorise(actor, (Role.SECRETARIAT,), decision.issuer_id)
        decision.discard(reason=cmd.reason, **self.who(actor))
        nominations = [self.load(n, Nomination, "hồ sơ") for n in decision.nomination_ids]
        for nomination in nominations:
            nomination.release_from_decision(decision.id, reason=cmd.reason, **self.who(actor))
        registers = [self.award_register(c) for c in dict.fromkeys(n.campaign_id for n in nominations)]
        for register in registers:
            register.release(decision.id)
        return self.commit(decision, *nominations, *registers)

    def _document(self, decision: AwardDecision, signed_on: date, records: dict[UUID, Record]) -> dict:
        """What the signed decision's documents print, as plain facts recorded with the signature: later
        renames, transfers and merges change nothing on paper (DESIGN.md §4 rule 10)."""
        issuer = self.load(decision.issuer_id, Unit, "đơn vị ban hành", read_only=True)
        signer = self.load(decision.signer_id, Person, "người ký", read_only=True)
        ruleset = self.ruleset_named(decision.ruleset_version)
        return {
            "number": decision.number, "decision_date": decision.decision_date.isoformat(),
            "signed_on": signed_on.isoformat(), "subject": decision.subject, "signer_title": decision.signer_title,
            "legal_bases": list(decision.legal_bases),
            "issuer": {"name": issuer.name, "province": issuer.province or "", "kind": issuer.kind},
            "parent_name": self._unit_name(issuer.parent_id),
            "signer": {"full_name": signer.full_name, "position": signer.position or ""},
            "items": [
                self._printed_item(seq, item, records[item["nominee_id"]], ruleset.title(item["title_code"]).is_title)
                for seq, item in enumerate(decision.items, start=1)
            ],
        }

    def _printed_item(self, seq: int, item: dict, record: Record, is_title: bool) -> dict:
        unit = self.find(item["unit_id"], Unit, read_only=True)
        return {
            "seq": seq, "nominee_id": str(item["nominee_id"]), "nominee_kind": item["nominee_kind"],
            "nominee_name": getattr(record, "full_name", None) or record.name,
            "position": getattr(record, "position", None) or "", "gender": getattr(record, "gender", None) or "",
            "unit_id": str(item["unit_id"]), "unit_name": unit.name if unit else "",
            "parent_unit_name": self._unit_name(unit.parent_id if unit else None),
            "title_code": item["title_code"], "title_name": item["title_name"], "is_title": is_title,
            "year": item["year"], "paid_amount": item["paid_amount"], "article": item["article"],
        }

    def _unit_name(self, unit_id: UUID | None) -> str:
        unit = self.find(unit_id, Unit, read_only=True) if unit_id else None
        return unit.name if unit else ""

    def _pdf_sha256(self, document: dict) -> str:
        """The SHA-256 of the decision's PDF printed from `document`; "" where no printer is wired."""
        return hashlib.sha256(self.render_pdf(document)).hexdigest() if self.render_pdf else ""

    def _records(self, ids: set[UUID]) -> dict[UUID, Record]:
        """Each person's or unit's record once, however many items name it (two copies would conflict)."""
        return {i: self.load(i, Record, "người được khen") for i in ids}

    def _supersede(self, actor: Actor, decision: AwardDecision, records: dict[UUID, Record]) -> list:
        """Amend or revoke the target; a revocation takes its awards off the records (each loaded once, into
        `records`, which the caller saves)."""
        target = self.load(decision.target_decision_id, AwardDecision, "quyết định bị sửa đổi")
        revoke = decision.kind == "revocation"
        target.supersede(decision.id, revoke, reason=decision.subject, **self.who(actor))
        if revoke:
            records.update(self._records({i["nominee_id"] for i in target.items} - set(records)))
            for item in target.items:
                records[item["nominee_id"]].revoke_award(target.id, item["title_code"], reason=decision.subject, **self.who(actor))
        return [target]

    def award_register(self, campaign_id: UUID) -> AwardRegister:
        return self.find(AwardRegister.create_id(campaign_id), AwardRegister) or AwardRegister(campaign_id=campaign_id)


def quota_item(n: Nomination) -> QuotaItem:
    return QuotaItem(nomination_id=n.id, unit_id=n.unit_id, code=n.title_code, kind=NomineeKind(n.nominee_kind), year=n.year)


def totals_of(items: list[dict]) -> dict:
    """Totals per decision and per unit (paid amounts only)."""
    per_unit: dict[str, int] = {}
    for item in items:
        per_unit[str(item["unit_id"])] = per_unit.get(str(item["unit_id"]), 0) + item["paid_amount"]
    return {"count": len(items), "amount": sum(per_unit.values()), "per_unit": per_unit}
