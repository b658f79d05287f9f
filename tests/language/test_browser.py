"""One journey in real Chromium: an English reader opens a Chinese note, taps Translate, sees the labelled
machine translation in place of the original, taps back to the original, taps a word for its pinyin and
meaning, and toggles pinyin above the note. Screenshots go to test-artifacts/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from redleaf.engagement import services as engagement_services
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

TAP_CHARACTER = """([selector, index]) => {
    const el = document.querySelector(selector);
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const node = walker.nextNode();
    const range = document.createRange();
    range.setStart(node, index); range.setEnd(node, index + 1);
    const box = range.getBoundingClientRect();
    return {x: box.left + box.width / 2, y: box.top + box.height / 2};
}"""


@pytest.fixture
def note(mei, alex):
    return factories.make_note(mei, title="小笼包真好吃！", body="周末去爬山，风景很好", images=1)


@pytest.fixture
def browser(note, libretranslate):  # data and the protocol server first: see tests/e2e/test_journey.py
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def signed_in(browser, live_server, username: str = "alex"):
    """A page of a new context, signed in as `username`, and the list its script errors go to."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login" not in url)
    return context, page, errors


def test_an_english_reader_translates_a_chinese_note_and_reads_it_word_by_word(live_server, browser, note):
    context, page, errors = signed_in(browser, live_server)

    page.goto(f"{live_server.url}/notes/{note.pk}")
    title = page.locator(".rl-note-title")
    expect(title).to_have_text("小笼包真好吃！")

    # Translate: the machine translation stands where the original was, labelled with its engine.
    page.get_by_role("button", name="Translate").click()
    translation = page.locator(".rl-note .rl-translation")
    expect(translation).to_be_visible()
    expect(translation.locator(".rl-mt-label")).to_have_text("Machine translation · LibreTranslate")
    expect(translation).to_contain_text("The xiaolongbao are really delicious!")
    expect(translation).to_contain_text("Went hiking at the weekend, the scenery was great")
    expect(title).to_be_hidden()
    page.screenshot(path=str(ARTIFACTS / "language-translated.png"))

    # One tap back to the original; one tap brings the translation back without asking the server again.
    page.get_by_role("button", name="Show original").click()
    expect(title).to_be_visible()
    expect(translation).to_be_hidden()
    again = page.get_by_role("button", name="Show translation")
    expect(again).to_be_visible()
    again.click()
    expect(translation).to_be_visible()
    page.get_by_role("button", name="Show original").click()
    expect(title).to_be_visible()

    # Tap a word of the Chinese title: its pinyin and English meanings.
    spot = page.evaluate(TAP_CHARACTER, [".rl-note-title", 1])  # 笼, in 小笼包
    page.mouse.click(spot["x"], spot["y"])
    card = page.locator(".rl-word-pop")
    expect(card).to_be_visible()
    expect(card).to_contain_text("小笼包")
    expect(card).to_contain_text("xiǎo lóng bāo")
    expect(card).to_contain_text("dumpling")
    page.screenshot(path=str(ARTIFACTS / "language-word.png"))
    page.keyboard.press("Escape")
    expect(card).to_have_count(0)

    # Pinyin above the whole note, words still tappable; and off again.
    page.get_by_role("button", name="Pinyin").click()
    ruby = page.locator(".rl-pinyin")
    expect(ruby).to_be_visible()
    expect(ruby.locator("rt").first).to_have_text("xiǎo")
    expect(title).to_be_hidden()
    page.locator('.rl-pinyin .rl-w[data-w="风景"]').click()
    expect(page.locator(".rl-word-pop")).to_contain_text("fēng jǐng")
    expect(page.locator(".rl-word-pop")).to_contain_text("scenery")
    page.screenshot(path=str(ARTIFACTS / "language-pinyin.png"))
    page.get_by_role("button", name="Pinyin").click()
    expect(ruby).to_be_hidden()
    expect(title).to_be_visible()
    assert errors == []
    context.close()


@pytest.fixture
def english_note_with_a_chinese_comment(alex, mei):
    note = factories.make_note(alex, title="Sunday hike", body="Sunday hike to the lighthouse, the view was worth every step",
                               images=1)
    comment = engagement_services.comment_create(author=mei, note=note, text="周末去爬山，风景很好")
    return note, comment


def test_a_chinese_comment_translates_on_a_note_the_reader_reads(live_server, english_note_with_a_chinese_comment,
                                                                 browser):
    # The note is in English, which alex reads: it offers nothing, so the page has no bridge of the note's
    # own. The comment in Chinese still translates in place and back, and its words open their cards.
    note, comment = english_note_with_a_chinese_comment
    context, page, errors = signed_in(browser, live_server)
    page.goto(f"{live_server.url}/notes/{note.pk}")
    expect(page.locator(".rl-note-text > .rl-bridge")).to_have_count(0)
    box = page.locator(f"#comment-{comment.pk}")
    text = box.locator(".rl-comment-text")
    expect(text).to_have_text("周末去爬山，风景很好")
    box.get_by_role("button", name="Translate").click()
    translation = box.locator(".rl-translation")
    expect(translation).to_be_visible()
    expect(translation.locator(".rl-mt-label")).to_have_text("Machine translation · LibreTranslate")
    expect(translation).to_contain_text("Went hiking at the weekend, the scenery was great")
    expect(text).to_be_hidden()
    page.screenshot(path=str(ARTIFACTS / "language-comment-translated.png"))
    box.get_by_role("button", name="Show original").click()
    expect(text).to_be_visible()
    expect(translation).to_be_hidden()
    expect(box.get_by_role("button", name="Show translation")).to_be_visible()

    spot = page.evaluate(TAP_CHARACTER, [f"#comment-{comment.pk} .rl-comment-text", 4])  # 山, in 爬山
    page.mouse.click(spot["x"], spot["y"])
    card = page.locator(".rl-word-pop")
    expect(card).to_be_visible()
    expect(card).to_contain_text("爬山")
    expect(card).to_contain_text("pá shān")
    assert errors == []
    context.close()


@pytest.fixture
def chinese_comment(note, mei):
    return engagement_services.comment_create(author=mei, note=note, text="周末去爬山，风景很好")


def test_an_engine_failure_is_said_in_place_with_the_original_and_a_retry(live_server, chinese_comment, browser, note,
                                                                          libretranslate):
    context, page, errors = signed_in(browser, live_server)
    page.goto(f"{live_server.url}/notes/{note.pk}")
    libretranslate.mode = "error"
    title = page.locator(".rl-note-title")
    page.locator(".rl-note-text").get_by_role("button", name="Translate").click()
    failure = page.locator(".rl-note-text .rl-mt-error")
    expect(failure).to_be_visible()
    expect(failure).to_contain_text("The translation service could not translate this.")
    expect(failure).to_contain_text("The original is shown.")
    expect(title).to_be_visible()
    expect(title).to_have_text("小笼包真好吃！")
    expect(page.locator("#messages .toast")).to_have_count(0)  # said where it was asked, not in a toast
    page.screenshot(path=str(ARTIFACTS / "language-failure.png"))

    # The comment too: the message stands in the comment, under its text.
    box = page.locator(f"#comment-{chinese_comment.pk}")
    box.get_by_role("button", name="Translate").click()
    expect(box.locator(".rl-mt-error")).to_contain_text("could not translate")
    expect(box.locator(".rl-comment-text")).to_be_visible()

    # The engine is back: one tap on "Try again" translates.
    libretranslate.mode = "ok"
    failure.get_by_role("button", name="Try again").click()
    translation = page.locator(".rl-note .rl-note-text .rl-translation")
    expect(translation).to_be_visible()
    expect(translation).to_contain_text("The xiaolongbao are really delicious!")
    expect(page.locator(".rl-note-text .rl-mt-error")).to_have_count(0)
    expect(title).to_be_hidden()
    box.get_by_role("button", name="Try again").click()
    expect(box.locator(".rl-translation")).to_contain_text("Went hiking at the weekend, the scenery was great")
    expect(page.locator("#messages .toast")).to_have_count(0)
    assert errors == []
    context.close()
