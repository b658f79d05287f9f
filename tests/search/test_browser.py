"""A member searches in real Chromium: types pinyin in the header's box, picks a suggestion with the
keyboard, sees the matches highlighted in the waterfall, and switches to the people tab."""

from __future__ import annotations

from pathlib import Path

import pytest

from redleaf.accounts import services as account_services
from redleaf.search import services
from tests.search.conftest import note
from tests.web.test_browser import browser, open_page  # noqa: F401 - the fixture and the helper

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path("test-artifacts")


@pytest.fixture
def cats(mei, alex):
    """Made before the browser starts (Playwright's loop would make the database refuse async use)."""
    account_services.profile_update(user=mei, bio="猫咪爱好者，每天云吸猫。" + "Cats, tea and long walks in Hangzhou " * 3)
    note(mei, "我家猫咪超可爱", "橘猫团子今天又在搞事情 #萌宠", images=1)
    note(alex, "Cat tax, as promised", "My cats Mochi and Bean")
    services.search_reindex()
    for address in ("10.0.0.1", "10.0.0.2"):  # a hot search: 猫咪, searched by three people
        services.query_record(text="猫咪", viewer=None, address=address, found=1)
    services.query_record(text="猫咪", viewer=alex, address=None, found=1)


def test_pinyin_suggestion_by_keyboard_highlighted_results_and_people_tab(live_server, cats, browser):  # noqa: F811

    context, page, errors = open_page(browser, live_server.url + "/", 1280, 900)
    box = page.locator("form.searchbox input[name=q]")
    box.click()
    box.type("maomi", delay=40)
    page.wait_for_selector("#search-suggestions .suggestion")
    labels = page.locator("#search-suggestions .suggestion").all_inner_texts()
    assert any("猫咪" in label for label in labels), labels
    target = next(i for i, label in enumerate(labels) if "猫咪" in label and "话题" not in label
                  and "Topic" not in label)
    for _ in range(target + 1):
        box.press("ArrowDown")
    assert page.locator("#search-suggestions .suggestion.is-active").count() == 1
    box.press("Enter")
    page.wait_for_url("**/search?q=*")
    page.wait_for_selector(".card")
    marked = page.locator(".card-title mark, .card-text mark").all_inner_texts()
    assert "猫咪" in marked, marked
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-results.png"), full_page=True)

    page.locator(".search-tabs a").nth(1).click()  # people
    page.wait_for_url("**type=users*")
    page.wait_for_selector(".search-row")
    assert "小美" in page.locator(".search-rows").inner_text()
    page.screenshot(path=str(ARTIFACTS / "search-people.png"), full_page=True)
    assert errors == []
    context.close()

    # On a phone the people rows fit the screen: a long bio is cut with an ellipsis, nothing scrolls sideways.
    context, page, errors = open_page(browser, live_server.url + "/search?q=%E7%8C%AB%E5%92%AA&type=users", 390, 844)
    page.wait_for_selector(".search-row")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "search-people-phone.png"), full_page=True)
    assert errors == []
    context.close()
