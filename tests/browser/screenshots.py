"""Photograph every demo account's first page at desktop width (1280 px) and at 390 px into docs/screenshots/,
as small palette PNGs (the first screen only; the desktop one at half size).

    .venv/bin/python -m tests.browser.screenshots
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, serve_demo
from tests.browser.demo_accounts import ACCOUNTS, DESKTOP, PHONE, signed_in

FOLDER = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {"desktop": (DESKTOP, 0.5), "390px": (PHONE, 1.0)}
COLOURS = 32


def small_png(shot: bytes, scale: float) -> bytes:
    """A screenshot reduced to `scale` of its size and a palette of COLOURS colours."""
    image = Image.open(io.BytesIO(shot)).convert("RGB")
    if scale != 1.0:
        image = image.resize((round(image.width * scale), round(image.height * scale)), Image.LANCZOS)
    out = io.BytesIO()
    image.quantize(COLOURS, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
    return out.getvalue()


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as instance, sync_playwright() as playwright:
        served = serve_demo(Path(instance))
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for username in ACCOUNTS:
            for name, (viewport, scale) in WIDTHS.items():
                context, page = signed_in(browser, served, username, viewport)
                (FOLDER / f"{username}-{name}.png").write_bytes(small_png(page.screenshot(), scale))
                context.close()
        browser.close()
        served.close()
    total = sum(path.stat().st_size for path in FOLDER.glob("*.png"))
    print(f"{len(ACCOUNTS) * len(WIDTHS)} screenshots, {total // 1024} KB in {FOLDER}")


if __name__ == "__main__":
    main()
