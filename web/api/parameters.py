"""Path parameters as exact as the schemas that load them: a command's path values are loaded by its schema
with its body (web.api.commands), so each operation documents them as that schema's fields (a year's range, a
code's length and pattern); any other plain-text path parameter carries the one-line pattern
(web.api.schemas.commands)."""

from __future__ import annotations

import re

from apispec import APISpec, BasePlugin
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import fields

from web.api.base import PREFIX
from web.api.commands import COMMANDS
from web.api.schemas.commands import ONE_LINE

LOADED_BY = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", command.rule): command.schema for command in COMMANDS}  # path -> its schema


class PrintablePathParameters(BasePlugin):
    """Path parameters of a command as its schema's fields; other plain-text ones with the one-line pattern."""

    def init_spec(self, spec: APISpec) -> None:
        self.spec = spec

    def path_helper(self, path: str | None = None, parameters: list | None = None, **_kwargs: object) -> None:
        for parameter in parameters or []:
            schema = parameter.get("schema", {}) if isinstance(parameter, dict) and parameter.get("in") == "path" else {}
            if schema.get("type") == "string" and not ({"format", "enum", "pattern"} & set(schema)):
                schema["pattern"] = ONE_LINE

    def operation_helper(self, path: str | None = None, operations: dict | None = None, **_kwargs: object) -> None:
        loading = LOADED_BY.get((path or "").removeprefix(PREFIX))
        post = (operations or {}).get("post")
        if loading is None or post is None:
            return
        for name in re.findall(r"{(\w+)}", path or ""):
            field = loading().fields[name]
            if not isinstance(field, fields.UUID):
                post.setdefault("parameters", []).append(
                    {"in": "path", "name": name, "required": True, "schema": self.converter().field2property(field)})

    def converter(self):  # type: ignore[no-untyped-def]
        return next(plugin for plugin in self.spec.plugins if isinstance(plugin, MarshmallowPlugin)).converter
