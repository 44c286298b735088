"""Walk a signed-in browser over the pages its menu and first page reach, one page per route: axe-core on each,
and how wide each is against the window."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

NOT_PAGES = {"static", "ui.favicon", "ui.evidence", "decisions.pdf", "decisions.certificates"}
SERIOUS = {"serious", "critical"}
WIDTH = "document.scrollingElement.scrollWidth - window.innerWidth"
LINKS = "[...document.querySelectorAll('main a[href]')].map(a => a.href)"
MENU = "[...document.querySelectorAll('header a[href]')].map(a => a.href)"
AXE = Axe()


@dataclass
class Findings:
    """The pages checked, the axe violations found (by rule and impact) and the pages wider than the window."""

    pages: list[str] = field(default_factory=list)
    nodes: Counter = field(default_factory=Counter)
    where: dict[str, list[str]] = field(default_factory=dict)
    wider: dict[str, int] = field(default_factory=dict)

    def check(self, label: str, page) -> None:
        """Axe on the page open now, and its width beyond the window (one pixel of rounding allowed)."""
        self.add(label, AXE.run(page).response["violations"])
        if (beyond := page.evaluate(WIDTH)) > 1:
            self.wider[label] = beyond

    def add(self, label: str, violations: list[dict]) -> None:
        self.pages.append(label)
        for violation in violations:
            self.nodes[(violation["id"], violation["impact"])] += len(violation["nodes"])
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
            self.where.setdefault(violation["id"], []).append(f"{label}: {targets}")

    def serious(self) -> dict[str, list[str]]:
        rules = {rule for rule, impact in self.nodes if impact in SERIOUS}
        return {rule: self.where[rule] for rule in sorted(rules)}

    def summary(self) -> str:
        lines = [f"{len(self.pages)} pages checked"]
        for (rule, impact), count in sorted(self.nodes.items()):
            lines += [f"  {rule} ({impact}): {count} nodes", *(f"    {where}" for where in self.where[rule][:3])]
        return "\n".join(lines)


def route_of(app, url: str, origin: str) -> str | None:
    """The endpoint a same-origin page link goes to, or None for other sites, files (a name with an extension,
    the evidence) and the API."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin or parts.path.startswith("/api/"):
        return None
    try:
        endpoint, _ = app.url_map.bind(parts.netloc).match(parts.path, method="GET")
    except (HTTPException, RequestRedirect):
        return None
    return None if endpoint in NOT_PAGES or "." in parts.path.rsplit("/", 1)[-1] else endpoint


def crawl(page, app, origin: str, label: str, findings: Findings, seen: set[str], depth: int = 2) -> None:
    """Check (`Findings.check`) the page open now, each page of its menu, and the pages its links reach `depth`
    levels deep whose route is not in `seen` (shared between accounts: one page per route in all)."""
    level = [page.url] + [link for link in page.evaluate(MENU) if route_of(app, link, origin)]
    checked = set()
    for remaining in range(depth, -1, -1):
        following = []
        for url in dict.fromkeys(level):
            route = route_of(app, url, origin)
            if route in checked:
                continue
            checked.add(route)
            seen.add(route)
            page.goto(url)
            findings.check(f"{label} {urlsplit(url).path}", page)
            if remaining:
                following += [
                    link.split("#")[0] for link in page.evaluate(LINKS)
                    if (route := route_of(app, link, origin)) and route not in seen
                ]
        level = following
