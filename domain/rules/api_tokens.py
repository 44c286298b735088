"""Who may be given an API token, and with what reach: the administration page and `thidua token create` ask
the same rule. A token acts in one role its holder holds; only an integration's token reads personal data, of
the kinds its scopes name (`read_access.SCOPES`)."""

from __future__ import annotations

from collections.abc import Collection

from domain.exceptions import DomainError
from domain.values import Role


class TokenRefusedError(DomainError):
    """Raised when a token would act in a role its holder does not hold, or reach data its role may not."""

    code = "token_refused"


def check_token_grant(role: Role, scopes: Collection[str], held_roles: Collection[str], role_name: str) -> None:
    """Refuse a token for `role` with `scopes` to a person holding `held_roles` (role values); `role_name` is
    how the message names the role."""
    if scopes and role is not Role.INTEGRATION:
        raise TokenRefusedError(
            "Chỉ mã truy cập của hệ thống tích hợp có phạm vi dữ liệu cá nhân; các vai trò khác đọc theo vai trò.")
    if role.value not in held_roles:
        raise TokenRefusedError(f"Người này không giữ vai trò «{role_name}»; hãy giao vai trò trước.")
