"""From the award-decision read model to the printed decision and certificates.

The web layer hands over plain read-model rows (decision with items, units, people); this module
decides how they read on paper (header bodies, place, the attached list's lines).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from uuid import UUID

from adapters.documents.decision import Awardee, DecisionDocument, certificates_pdf, decision_pdf


def header_bodies(issuer: Mapping, parent: Mapping | None) -> tuple[str, str]:
    """(parent body, issuing body): a provincial department sits under the province's People's Committee."""
    province = issuer.get("province") or ""
    if parent is not None:
        return parent["name"], issuer["name"]
    if issuer.get("kind") == "department" and province:
        return f"UBND tỉnh {province}", issuer["name"].removesuffix(f" tỉnh {province}")
    return "", issuer["name"]


def awardee_detail(item: Mapping, people: Mapping[UUID, Mapping], units: Mapping[UUID, Mapping]) -> str:
    unit = units.get(item["unit_id"], {})
    parent = units.get(unit.get("parent_id"), {})
    position = people.get(item["nominee_id"], {}).get("position")
    return detail_line(item["nominee_kind"], position, unit.get("name"), parent.get("name"))


def detail_line(kind: str, position: str | None, unit_name: str | None, parent_name: str | None) -> str:
    """A collective is placed by its parent body; a person by position and unit."""
    if kind == "collective":
        return parent_name or ""
    return ", ".join(part for part in (position, unit_name) if part)


def decision_document(
    decision: Mapping, *, issuer: Mapping, parent: Mapping | None, signer: Mapping,
    people: Mapping[UUID, Mapping], units: Mapping[UUID, Mapping], categories: Mapping[str, str],
    council_minutes: str = "",
) -> DecisionDocument:
    """The decision as printed; `categories` maps each title code to "title" or "form"."""
    parent_body, issuer_name = header_bodies(issuer, parent)
    awardees = [
        Awardee(
            seq=item["seq"], name=item["nominee_name"], kind=item["nominee_kind"],
            detail=awardee_detail(item, people, units), title_name=item["title_name"],
            is_title=categories.get(item["title_code"], "title") == "title", year=item["year"],
            amount=item["paid_amount"], article=item["article"],
            gender=people.get(item["nominee_id"], {}).get("gender") or "",
        )
        for item in decision["items"]
    ]
    return DecisionDocument(
        number=decision["number"], decision_date=decision["decision_date"], place=issuer.get("province") or "",
        parent_body=parent_body, issuer_name=issuer_name, subject=decision["subject"],
        signer_title=decision["signer_title"], signer_position=signer.get("position") or decision["signer_title"],
        signer_name=signer.get("full_name", ""), legal_bases=list(decision["legal_bases"]), awardees=awardees,
        signed=decision["status"] != "drafted", council_minutes=council_minutes,
    )


def signed_document(facts: Mapping) -> DecisionDocument:
    """The decision as signed, from the facts recorded with its signature only (names as on that day)."""
    issuer = facts["issuer"]
    parent_body, issuer_name = header_bodies(issuer, {"name": facts["parent_name"]} if facts["parent_name"] else None)
    awardees = [
        Awardee(
            seq=i["seq"], name=i["nominee_name"], kind=i["nominee_kind"],
            detail=detail_line(i["nominee_kind"], i["position"], i["unit_name"], i["parent_unit_name"]),
            title_name=i["title_name"], is_title=i["is_title"], year=i["year"], amount=i["paid_amount"],
            article=i["article"], gender=i["gender"],
        )
        for i in facts["items"]
    ]
    signer = facts["signer"]
    return DecisionDocument(
        number=facts["number"], decision_date=date.fromisoformat(facts["decision_date"]), place=issuer["province"],
        parent_body=parent_body, issuer_name=issuer_name, subject=facts["subject"], signer_title=facts["signer_title"],
        signer_position=signer["position"] or facts["signer_title"], signer_name=signer["full_name"],
        legal_bases=list(facts["legal_bases"]), awardees=awardees, signed=True,
    )


def signed_decision_pdf(facts: Mapping) -> bytes:
    """The signed decision's PDF: what the application hashes when it is signed, and prints ever after."""
    return decision_pdf(signed_document(facts))


class DecisionDocuments:
    """What the web app uses: the decision PDF and the certificates PDF of one decision; a signed decision
    is printed from the facts recorded with its signature (`document`), a draft from today's names."""

    def decision_pdf(self, decision: Mapping, **context: object) -> bytes:
        return decision_pdf(self.document(decision, context))

    def certificates_pdf(self, decision: Mapping, **context: object) -> bytes:
        return certificates_pdf(self.document(decision, context))

    @staticmethod
    def document(decision: Mapping, context: Mapping) -> DecisionDocument:
        facts = decision.get("document")
        return signed_document(facts) if facts else decision_document(decision, **context)
