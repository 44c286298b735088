"""marshmallow schemas of the JSON API: reads out, commands in (shape only, no rules)."""
