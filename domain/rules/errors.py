"""Errors raised when rule-set data, an overlay or an input to a rule is malformed."""

from __future__ import annotations

from domain.exceptions import DomainError


class RuleSetError(DomainError):
    """Raised when rule-set data or a rule's input is malformed."""

    code = "ruleset_invalid"


class RuleSetNotFoundError(RuleSetError):
    """Raised when no rule set (or no base salary) is in force on the date asked for."""

    code = "ruleset_not_found"


class UnknownTitleError(RuleSetError):
    """Raised when a title or form code is not in the rule set's catalogue."""

    code = "unknown_title"


class UnknownOverlayKeyError(RuleSetError):
    """Raised when an overlay names a key, title or criterion the rule set does not have."""

    code = "unknown_overlay_key"


class NotConfigurableError(RuleSetError):
    """Raised when an overlay tries to change a value fixed by law (`configurable = false`)."""

    code = "not_configurable"


class VoteCountError(RuleSetError):
    """Raised when council counts are inconsistent (more votes than members, negative counts)."""

    code = "vote_counts"
