"""Moving through a page with the keyboard alone, as a person without a mouse would."""

from __future__ import annotations

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || "").trim(), href: el.href || "",
          outlined: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2};
}"""


def tab_to(page, wanted, limit: int = 150) -> dict:
    """Press Tab until the focused element satisfies `wanted(focused)`; each stop must show where the focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["outlined"], f"no visible focus on {focused}"
        if wanted(focused):
            return focused
    raise AssertionError(f"Tab never reached the element wanted ({limit} presses)")
