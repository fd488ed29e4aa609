"""Screenshots for the README from a running `make run` server, in Debian's chromium.

PORT=8000 .venv/bin/python docs/screenshots/take.py
"""

import os
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
HERE = Path(__file__).resolve().parent
PASSWORD = "Lianluo2026"  # noqa: S105 (the demo's published password)
SHOTS = [
    ("qingshan", "/people/", "roster.png", {"width": 1280, "height": 760}),
    ("leader", "/", "home.png", {"width": 1280, "height": 760}),
    ("zhoujianhua", "/", "member-phone.png", {"width": 390, "height": 760}),
    ("qingshan", "/activities/", "activities.png", {"width": 1280, "height": 760}),
    ("zhoujianhua", "/activities/mine/", "member-activities.png", {"width": 390, "height": 760}),
    ("qingshan", "/activities/discipline/", "discipline.png", {"width": 1280, "height": 600}),
]


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for username, path, filename, viewport in SHOTS:
            page = browser.new_page(viewport=viewport)
            page.goto(f"{BASE}/accounts/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.goto(f"{BASE}{path}")
            page.screenshot(path=HERE / filename)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
