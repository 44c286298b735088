"""Domain errors: one class per broken rule, all under DomainError, each with a clear message."""

from __future__ import annotations


class DomainError(Exception):
    """Raised when a command breaks a business rule; the message is shown to people."""

    code = "domain_error"

    def __init__(self, message: str, *, details: list[dict] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class NotFoundError(DomainError):
    """Raised when a referenced item does not exist."""

    code = "not_found"


class ConflictError(DomainError):
    """Raised when a concurrent write changed the item first; retry on the fresh state."""

    code = "conflict"


class BusyError(ConflictError):
    """Raised when the store stayed locked by other writers too long; the whole command may be retried."""

    code = "busy"


class StoreUnavailableError(DomainError):
    """Raised when the store cannot be written at all (a read-only file or disk, a full disk): unlike a busy
    store, trying again does not help until an operator fixes the cause, which the message names."""

    code = "store_unavailable"
    CAUSES = {  # what the library's error says -> the cause, in Vietnamese
        "readonly database": "tệp hoặc ổ đĩa chỉ cho phép đọc",
        "disk is full": "ổ đĩa đã đầy",
    }

    @classmethod
    def of(cls, error: Exception) -> StoreUnavailableError | None:
        """This error for a storage library's error that means the store cannot be written, else None."""
        said = str(error)
        cause = next((cause for sign, cause in cls.CAUSES.items() if sign in said), None)
        if cause is None:
            return None
        return cls(f"Không ghi được vào cơ sở dữ liệu: {cause} («{said}»). Thao tác chưa được ghi nhận; "
                   "vui lòng báo quản trị hệ thống.")


class DuplicateError(DomainError):
    """Raised when the item already exists (deterministic ids make the store refuse it)."""

    code = "duplicate"


class PermissionDeniedError(DomainError):
    """Raised when the actor does not hold the role the command needs, for this item."""

    code = "permission_denied"


class SeparationOfDutiesError(DomainError):
    """Raised when one person would hold two roles on one item that the rules keep apart."""

    code = "separation_of_duties"


class StageOrderError(DomainError):
    """Raised when a step is taken out of the approval order."""

    code = "stage_order"


class CampaignNotOpenError(DomainError):
    """Raised when something happens outside a campaign's period or after it is closed."""

    code = "campaign_not_open"


class InvalidCommandError(DomainError):
    """Raised when a command's values are inconsistent (unknown target, empty list, bad period)."""

    code = "invalid"


class VotingError(DomainError):
    """Raised when a ballot breaks the council's rules (not a member, twice, session closed)."""

    code = "voting"


class RuleViolationError(DomainError):
    """Raised when the rulebook refuses a step (eligibility, threshold, quota, authority, posting)."""

    code = "rule_violation"
