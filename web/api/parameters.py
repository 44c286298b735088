"""Path parameters as exact as the schemas that load them: a text in a path (a report's, an objection's or a
proceeding's id, a target's code) carries the pattern its command's field has (web.api.schemas.commands)."""

from __future__ import annotations

from apispec import BasePlugin

from web.api.schemas.commands import ONE_LINE


class PrintablePathParameters(BasePlugin):
    """Gives every plain-text path parameter the one-line pattern (no control, bidi-control or private-use character)."""

    def path_helper(self, path: str | None = None, parameters: list | None = None, **_kwargs: object) -> None:
        for parameter in parameters or []:
            schema = parameter.get("schema", {}) if isinstance(parameter, dict) and parameter.get("in") == "path" else {}
            if schema.get("type") == "string" and not ({"format", "enum", "pattern"} & set(schema)):
                schema["pattern"] = ONE_LINE
