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
    ("qingshan", "/submissions/", "submissions.png", {"width": 1280, "height": 760}),
    # An item's page with its timeline: the first replied item of the list.
    (
        "qingshan",
        "/submissions/?state=closed",
        "submission.png",
        {"width": 1280, "height": 900},
        "table a[href^='/submissions/']",
    ),  # fmt: skip
    ("zhoujianhua", "/submissions/mine/", "member-submissions.png", {"width": 390, "height": 760}),
    ("qingshan", "/visits/coverage/", "visits.png", {"width": 1280, "height": 420}),
    ("zhoujianhua", "/duty/mine/", "member-duty.png", {"width": 390, "height": 900}),
    ("leader", "/duty/", "points.png", {"width": 1280, "height": 600}),
    ("court", "/court/cases/", "court-cases.png", {"width": 1280, "height": 360}),
    ("zhiyuan", "/reception/board/", "arrivals-phone.png", {"width": 390, "height": 760}),
    # The annual summary drafted from the demo's records: the first saved one of the list.
    (
        "qingshan",
        "/reports/",
        "annual-summary.png",
        {"width": 1280, "height": 1100},
        "table a[href^='/reports/']",
    ),  # fmt: skip
    # The court's summary, in its own genre.
    (
        "court",
        "/reports/",
        "annual-summary-court.png",
        {"width": 1280, "height": 1300},
        "table a[href^='/reports/']",
    ),  # fmt: skip
    ("qingshan", "/reports/dashboard/", "dashboard.png", {"width": 1280, "height": 1000}),
    ("zhiyuan", "/reception/mine/", "volunteer-guests.png", {"width": 390, "height": 760}),
]


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for username, path, filename, viewport, *follow in SHOTS:
            page = browser.new_page(viewport=viewport)
            page.goto(f"{BASE}/accounts/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.goto(f"{BASE}{path}")
            if follow:
                page.click(follow[0])
                page.wait_for_load_state()
            page.screenshot(path=HERE / filename)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
