"""Make the docs' theme gallery (docs/gallery/) from the browser tests' screenshots.

    SEMINARS_SCREENSHOTS=/tmp/shots python3 -m pytest tests/test_browser.py
    python3 tests/support/gallery.py /tmp/shots docs/gallery

Each screenshot is drawn at half size by the same Chromium the tests use (no image library
needed), keeping the committed pictures small.
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from support import browser

SCALE = 0.5


def shrink(source: Path, dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    with browser.chromium() as chromium:
        page = chromium.new_page()
        for picture in sorted(source.glob("*.png")):
            data = base64.b64encode(picture.read_bytes()).decode()
            page.set_content(f'<body style="margin:0"><img id="i" src="data:image/png;base64,{data}"></body>')
            width, height = page.evaluate("[i.naturalWidth, i.naturalHeight]")
            small = (round(width * SCALE), round(height * SCALE))
            page.set_viewport_size({"width": small[0], "height": small[1]})
            page.evaluate(f"i.style.width = '{small[0]}px'")
            page.screenshot(path=dest / picture.name, clip={"x": 0, "y": 0, "width": small[0], "height": small[1]})


if __name__ == "__main__":
    shrink(Path(sys.argv[1]), Path(sys.argv[2]))
