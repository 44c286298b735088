"""From the award-decision read model to the printed decision and certificates.

The web layer hands over plain read-model rows (decision with items, units, people); this module
decides how they read on paper (header bodies, place, the attached list's lines).
"""

from __future__ import annotations

from collections.abc import Mapping
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
    if item["nominee_kind"] == "collective":
        parent = units.get(unit.get("parent_id"), {})
        return parent.get("name", "")
    person = people.get(item["nominee_id"], {})
    return ", ".join(part for part in (person.get("position"), unit.get("name")) if part)


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


class DecisionDocuments:
    """What the web app uses: the decision PDF and the certificates PDF of one decision."""

    def decision_pdf(self, decision: Mapping, **context: object) -> bytes:
        return decision_pdf(decision_document(decision, **context))

    def certificates_pdf(self, decision: Mapping, **context: object) -> bytes:
        return certificates_pdf(decision_document(decision, **context))
