"""An analyst's day in a real browser: sign in, decide by keyboard, four eyes on a hit."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session

from tests.api.review_helpers import seed_pairs, token
from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.db]


def _sign_in(browser: Browser, base: str, app: Flask, sub: str) -> Page:
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(f"{base}/review/queue")
    expect(page).to_have_url(re.compile(r"/review/sign-in"))
    page.fill("#token", token(app, sub))
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/review/queue$"))
    # The URL changes when the queue's navigation commits, before its script has set up
    # the keys: a key pressed then is lost (the first "j" of a test, seen once in CI).
    page.wait_for_load_state()
    return page


def _queue_total(page: Page, base: str) -> str:
    page.goto(f"{base}/review/queue")
    return str(page.inner_text("#queue-total"))


def test_analyst_reviews_with_the_keyboard(
    browser: Browser, live_server: str, app: Flask, session: Session
) -> None:
    ids: dict[str, Any] = seed_pairs(session)
    ana = _sign_in(browser, live_server, app, "ana")
    assert ana.inner_text("#queue-total") == "2"
    ana.keyboard.press("j")  # second row: the plain pair (the allegation pair comes first)
    ana.keyboard.press("Enter")
    expect(ana).to_have_url(re.compile(rf"/review/pairs/{ids['plain']}"))
    # The page's keys work once its script has set them up: a key pressed earlier is
    # lost, and the note's words would then be taken for shortcuts ("s" is same).
    ana.wait_for_load_state()
    ana.keyboard.press("o")
    expect(ana.locator("#note")).to_be_focused()
    ana.keyboard.type("same service history")
    ana.keyboard.press("Escape")
    ana.keyboard.press("s")
    expect(ana.locator(".flash.ok")).to_contain_text("confirmed")
    assert _queue_total(ana, live_server) == "1"
    ana.goto(f"{live_server}/review/pairs/{ids['plain']}")
    right = ids["records"][1]
    expect(ana.locator("#cluster-left")).to_contain_text(right.record_id)
    expect(ana.locator("#history")).to_contain_text("same service history")

    ana.goto(f"{live_server}/review/queue")
    ana.keyboard.press("Enter")
    expect(ana).to_have_url(re.compile(rf"/review/pairs/{ids['hit']}"))
    expect(ana.locator(".namecell .latin").first).to_have_text("Abdul Karim")
    ARTIFACTS.mkdir(exist_ok=True)
    ana.screenshot(path=str(ARTIFACTS / "pair_page.png"), full_page=True)
    ana.keyboard.press("s")
    expect(ana.locator(".flash.ok")).to_contain_text("second analyst")
    assert _queue_total(ana, live_server) == "1"

    ben = _sign_in(browser, live_server, app, "ben")
    ben.goto(f"{live_server}/review/pairs/{ids['hit']}")
    expect(ben.locator("#pair-status")).to_have_text("awaiting second")
    ben.keyboard.press("s")
    expect(ben.locator(".flash.ok")).to_contain_text("confirmed")
    assert _queue_total(ben, live_server) == "0"
    ben.goto(f"{live_server}/review/pairs/{ids['hit']}")
    expect(ben.locator("#cluster-left")).to_contain_text(ids["records"][4].record_id)
