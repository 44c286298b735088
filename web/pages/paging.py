"""Long lists a page at a time: the page asked for (?page=N) and what the pager under a list needs to link
the previous and next pages with the same filters."""

from __future__ import annotations

from dataclasses import dataclass

from flask import redirect, request, url_for
from werkzeug.wrappers import Response

PAGE_SIZE = 25


@dataclass(frozen=True)
class Paging:
    """Page `page` of `pages` over `total` rows, `size` rows a page, asked for by the query argument `arg` (a page
    with two long lists pages each by its own argument)."""

    page: int
    total: int
    size: int = PAGE_SIZE
    arg: str = "page"

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def rows(self, rows: list) -> list:
        """This page's rows of a list read whole."""
        return rows[self.offset:self.offset + self.size]


def asked_page(arg: str = "page") -> int:
    """The page number in the query (?page=N), 1 when missing or not a positive number."""
    return max(request.args.get(arg, 1, type=int), 1)


def paging(total: int, arg: str = "page", size: int = PAGE_SIZE) -> Paging:
    """The page asked for over `total` rows read whole, the last page when asked beyond it."""
    return Paging(min(asked_page(arg), max(1, -(-total // size))), total, size, arg)


def past_the_end(shown: Paging) -> Response | None:
    """For a list paged by its query: a redirect to the last page, filters kept, when the page asked for is past
    it (an old link after the list shrank), else None."""
    if shown.page <= shown.pages:
        return None
    args = {**request.view_args, **request.args.to_dict(), shown.arg: shown.pages}
    return redirect(url_for(request.endpoint, **args))
