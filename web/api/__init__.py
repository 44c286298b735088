"""The JSON API under /api/v1: its blueprints, the access they share, and the schemas beside them."""
