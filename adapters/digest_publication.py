"""A ledger digest published outside the store, and read back: a file or an http(s) URL of the operator's choice.

The hash chain shows any event changed, inserted or removed, except the last ones removed with their chain
links (a cut tail): only a digest kept elsewhere, which the chain must still reach, shows that.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

TIMEOUT = 10.0  # seconds for a URL to answer


class PublicationError(Exception):
    """Raised when a digest cannot be published or read back; the message names the place and the cause."""


def is_url(place: str) -> bool:
    return place.startswith(("http://", "https://"))


def publish(record: dict, place: str) -> None:
    """POST `record` (digest, position, count, at) as JSON to a URL, or write it to a file (whole or not at all)."""
    body = json.dumps(record, ensure_ascii=False, indent=2)
    try:
        if is_url(place):
            request = urllib.request.Request(
                place, data=body.encode(), headers={"Content-Type": "application/json"}, method="POST",
            )
            urllib.request.urlopen(request, timeout=TIMEOUT).close()  # noqa: S310 - http(s) only
        else:
            partial = Path(place).with_name(Path(place).name + ".partial")
            partial.write_text(body + "\n", encoding="utf-8")
            partial.replace(place)
    except OSError as error:  # URLError and HTTPError are OSErrors
        raise PublicationError(f"Không công bố được mã tổng tới «{place}»: {error}") from None


def published_digest(place: str) -> str:
    """The digest published at a URL (GET) or in a file."""
    try:
        if is_url(place):
            with urllib.request.urlopen(place, timeout=TIMEOUT) as answer:  # noqa: S310 - http(s) only
                text = answer.read().decode("utf-8")
        else:
            text = Path(place).read_text(encoding="utf-8")
        return str(json.loads(text)["digest"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise PublicationError(f"Không đọc được mã tổng đã công bố tại «{place}»: {error!r}") from None
