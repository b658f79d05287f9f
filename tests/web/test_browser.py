"""The explore waterfall in real Chromium: columns by width, each card in the shortest column,
blurhash placeholders painted, and infinite scroll through HTMX until the end."""

from __future__ import annotations

import os

import blurhash
import pytest

from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SHAPES = [(60, 80), (80, 60), (60, 60), (54, 96), (80, 64)]


@pytest.fixture
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def notes(settings, mei, alex):
    settings.FEED_PAGE_SIZE = 6
    made = []
    for i in range(15):
        if i % 5 == 4:
            made.append(factories.make_note(alex, title=f"words only {i}", images=0))
            continue
        size = SHAPES[i % len(SHAPES)]
        data = factories.image_bytes(size=size, color=(40 * (i % 6), 120, 200))
        made.append(factories.note_services.note_create(
            author=[mei, alex][i % 2], title=f"note {i} 标题", images=[factories.upload(data=data)]))
    return made


def open_page(browser, url: str, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page, errors


def column_state(page) -> dict:
    return page.evaluate("""() => {
        const cols = [...document.querySelectorAll('[data-waterfall] .waterfall-col')];
        return {
            columns: cols.length,
            perColumn: cols.map(c => c.querySelectorAll('.card').length),
            heights: cols.map(c => c.getBoundingClientRect().height),
            loose: document.querySelectorAll('[data-waterfall] > .card, .waterfall-items > .card').length,
            ids: [...document.querySelectorAll('[data-waterfall] .card-link')].map(a => a.getAttribute('href')),
            sentinel: !!document.querySelector('.waterfall-more'),
        };
    }""")


def scroll_to_end(page, expected: int) -> dict:
    for _ in range(20):
        page.mouse.wheel(0, 4000)
        page.wait_for_timeout(150)
        page.wait_for_load_state("networkidle")
        state = column_state(page)
        # done when the last page arrived AND the script has placed its cards into columns
        if not state["sentinel"] and len(state["ids"]) >= expected and state["loose"] == 0:
            return state
    return column_state(page)


def test_phone_waterfall_two_columns_placeholders_and_infinite_scroll(live_server, notes, browser):
    context, page, errors = open_page(browser, live_server.url + "/", 390, 844)
    state = column_state(page)
    assert state["columns"] == 2
    assert sum(state["perColumn"]) == 6 and state["loose"] == 0
    # Until its picture arrives, each cover shows its blurhash, painted from the few bytes it carries.
    covers = page.evaluate("""() => [...document.querySelectorAll('.card-cover[data-blurhash]')].map(el => ({
        painted: el.style.backgroundImage.startsWith('url("data:image/png'),
        loaded: el.querySelector('img').classList.contains('is-loaded'),
        pixel: Array.from(Redleaf.blurhashDecode(el.dataset.blurhash, 4, 4).slice(0, 3)),
        href: el.closest('a').getAttribute('href'),
    }))""")
    assert covers and all(c["painted"] or c["loaded"] for c in covers)
    for cover in covers:  # our decoder paints what the reference implementation decodes
        hash_ = next(n.cover.blurhash for n in notes if f"/notes/{n.pk}" == cover["href"])
        reference = blurhash.decode(hash_, 4, 4).getpixel((0, 0))
        assert all(abs(a - b) <= 1 for a, b in zip(cover["pixel"], reference, strict=True)), (cover, reference)
    state = scroll_to_end(page, len(notes))
    assert sorted(state["ids"]) == sorted(f"/notes/{n.pk}" for n in notes)  # each note once
    assert state["loose"] == 0 and not state["sentinel"]
    assert page.locator(".waterfall-end").count() == 1
    # Shortest-column placement keeps the columns within about one card of each other.
    assert abs(state["heights"][0] - state["heights"][1]) < 400
    assert errors == []
    context.close()


def test_desktop_has_more_columns_and_relayouts_on_resize(live_server, notes, browser):
    context, page, errors = open_page(browser, live_server.url + "/", 1280, 900)
    assert column_state(page)["columns"] == 4
    state = scroll_to_end(page, len(notes))
    before = state["ids"]
    assert len(before) == len(notes)
    page.set_viewport_size({"width": 800, "height": 900})
    page.wait_for_timeout(400)
    state = column_state(page)
    assert state["columns"] == 3 and sorted(state["ids"]) == sorted(before)
    assert errors == []
    context.close()


def test_follow_button_swaps_in_place(live_server, mei, alex, browser):
    context, page, errors = open_page(browser, live_server.url + "/login", 390, 844)
    page.fill("input[name=username]", "mei")
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(live_server.url + "/u/alex")
    page.click(".profile-actions .follow-form button")
    page.wait_for_selector(".profile-actions .follow-form button[aria-pressed=true]")
    assert page.locator("#followers-count").inner_text() == "1"
    assert page.url.endswith("/u/alex")  # no navigation: swapped in place
    assert errors == []
    context.close()


@pytest.fixture
def mei_notes(settings, mei):
    settings.FEED_PAGE_SIZE = 4
    return [factories.make_note(mei, title=f"mine {i}") for i in range(9)]


def test_profile_tabs_swap_in_place_and_history_restores_the_waterfall(live_server, mei_notes, browser):
    notes = mei_notes
    context, page, errors = open_page(browser, live_server.url + "/u/mei", 390, 844)
    page.click(".profile-tabs a[href$='/boards']")
    page.wait_for_selector(".profile-tabs a.is-active[href$='/boards']")
    assert page.url.endswith("/u/mei/boards")
    page.go_back()
    page.wait_for_selector(".profile-tabs a.is-active[href='/u/mei']")
    state = scroll_to_end(page, len(notes))
    assert sorted(state["ids"]) == sorted(f"/notes/{n.pk}" for n in notes)
    assert state["columns"] == 2 and state["loose"] == 0
    assert errors == []
    context.close()
