"""Make the app's icons (docs/img/icon-*.png) from the site's logo, docs/img/favicon.svg.

Run once when the logo changes; the PNGs are committed (a few kB each). The logo is drawn
by the headless Chromium the browser tests already use (through Playwright), so no imaging
library is added for three small files. ``icon-maskable-512.png`` puts the logo inside the
middle 80 % (the safe zone a launcher may crop to a circle) on the logo's own colour.

    .venv/bin/python tools/make_icons.py
"""

from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
LOGO = ROOT / "docs" / "img" / "favicon.svg"
OUT = ROOT / "docs" / "img"
BACKGROUND = "#00695c"  # the logo's square
ICONS = (("icon-192.png", 192, 1.0, "transparent"), ("icon-512.png", 512, 1.0, "transparent"),
         ("icon-maskable-512.png", 512, 0.8, BACKGROUND))


def page_html(svg, size, scale, background):
    inner = round(size * scale)
    return (f"<!doctype html><style>html,body{{margin:0;background:{background}}}"
            f"div{{width:{size}px;height:{size}px;display:grid;place-items:center}}"
            f"svg{{width:{inner}px;height:{inner}px;display:block}}</style><div>{svg}</div>")


def main():
    svg = LOGO.read_text(encoding="utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        for name, size, scale, background in ICONS:
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(page_html(svg, size, scale, background))
            page.screenshot(path=str(OUT / name), omit_background=background == "transparent")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
