"""Helpers of the mutation-killing tests: the last event an aggregate recorded, and a refusal's wording."""

from __future__ import annotations

import pytest


def last_event(aggregate):  # type: ignore[no-untyped-def]
    return aggregate.collect_events()[-1]


def refused(error: type[Exception], words: str, command, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """The command is refused with a sentence (capitalised, not shouted, full stop) that says `words`."""
    with pytest.raises(error) as caught:
        command(*args, **kwargs)
    message = str(caught.value)
    assert message[0].isupper() and not message.isupper() and message.endswith("."), message
    assert words in message, message
