"""Redleaf as people use it, in real Chromium (Debian's /usr/bin/chromium, driven by playwright)
against pytest-django's live server.

- The journey: an author and a follower sign up in two browsers; the follower follows the author;
  the author posts a note with two pictures (put in order in the composer); it shows on the author's
  profile and in the follower's following feed; the follower likes, collects and comments, each in
  place; the author sees the counts and the comment.
- A visitor scrolls the explore waterfall into its second page and opens a note.
- A member switches the interface language and the page follows.

Screenshots land in test-artifacts/ at the top of the repository (git-ignored)."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from PIL import Image, ImageDraw
from playwright.sync_api import expect, sync_playwright

from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "matcha and red bean 2024"
MARKER = "window.__redleafJourney"  # set once on a page; a full page load would wipe it


@pytest.fixture
def browser():
    """Chromium for one test. Ask for it after the fixtures that write test data: while playwright
    runs, its event loop makes Django refuse synchronous ORM calls in this thread (and any made
    anyway would open a second connection that outlives the test database), so a test talks to
    the site only through the browser once it has started."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


class Person:
    """One person at one browser: a context of their own (cookies, viewport) and a page in it."""

    def __init__(self, browser, base_url: str, viewport: dict):
        self.base_url = base_url
        self.context = browser.new_context(viewport=viewport, locale="en-US", timezone_id="Asia/Shanghai")
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, (path, response and response.status)
        return response

    def screenshot(self, name: str, viewport: dict | None = None) -> Path:
        if viewport is not None:
            self.page.set_viewport_size(viewport)
        wait_for_pictures(self.page)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        assert path.stat().st_size > 10_000  # a real page, not a blank one
        return path

    def close(self):
        self.context.close()


def wait_for_pictures(page) -> None:
    """Every picture in view has loaded (or failed) and the webfonts are ready: a fair screenshot."""
    page.wait_for_function("""() => document.fonts.status === 'loaded' && [...document.images].every(img => {
        const box = img.getBoundingClientRect();
        const inView = box.bottom > 0 && box.top < innerHeight && box.width > 0;
        return !inView || img.complete;
    })""")


def drawing(size: tuple[int, int], colour: tuple[int, int, int], fmt: str = "JPEG", shape: int = 0) -> bytes:
    """A small picture with something on it (a lighter disc or block on a coloured ground), so the
    screenshots look like pictures and each one is told apart by its colour and shape."""
    img = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(img)
    w, h = size
    light = tuple(min(255, c + 90) for c in colour)
    box = (w * 0.2, h * 0.2, w * 0.8, h * 0.8)
    if shape % 3 == 0:
        draw.ellipse(box, fill=light)
    elif shape % 3 == 1:
        draw.rounded_rectangle(box, radius=min(w, h) // 10, fill=light)
    else:
        draw.polygon([(w * 0.5, h * 0.15), (w * 0.85, h * 0.8), (w * 0.15, h * 0.8)], fill=light)
    buffer = io.BytesIO()
    img.save(buffer, format=fmt)
    return buffer.getvalue()


def picture(path: Path, size: tuple[int, int], colour: tuple[int, int, int], fmt: str, shape: int) -> Path:
    path.write_bytes(drawing(size, colour, fmt, shape))
    return path


def scroll_until(page, condition: str) -> None:
    """Scroll down with the mouse wheel, as a person does, until `condition` (a JS function) holds.
    Each step waits for the page to have moved (or reached its end), never for a fixed time."""
    for _ in range(60):
        if page.evaluate(f"({condition})()"):
            return
        before = page.evaluate("scrollY")
        page.mouse.wheel(0, 1200)
        page.wait_for_function(f"""() => scrollY > {before}
            || innerHeight + scrollY >= document.documentElement.scrollHeight - 2 || ({condition})()""")
    page.wait_for_function(condition)


def sign_up(person: Person, username: str, display_name: str, speaks: list[str]) -> None:
    """Through the sign-up page, reached as a person reaches it: the top bar's "Sign up" on a wide
    screen; on a phone, "Me" in the tab bar, then "Create an account" under the login form."""
    page = person.page
    person.goto("/")
    signup_link = page.get_by_role("link", name="Sign up")  # roles skip what is not displayed
    if signup_link.count():
        signup_link.click()
    else:
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Me").click()
        page.get_by_role("link", name="Create an account").click()
    page.wait_for_url("**/signup")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Display name").fill(display_name)
    spoken = page.get_by_role("group", name="Languages you speak")
    for language in ["Chinese", "English"]:
        spoken.get_by_label(language).set_checked(language in speaks)
    page.get_by_label("Interface language").select_option("en")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/discover/welcome?next=%2F")  # the interests question (discovery) comes first
    page.get_by_role("button", name="Skip for now").click()
    page.wait_for_url(person.base_url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # Logged in as that member: their own profile offers "Edit profile" and shows what they filled in.
    person.goto(f"/u/{username}")
    expect(page.get_by_role("heading", name=display_name)).to_be_visible()
    expect(page.get_by_role("link", name="Edit profile")).to_be_visible()
    tags = page.locator(".profile-langs .tag")
    for language, tag in [("Chinese", "中文"), ("English", "English")]:
        expect(tags.filter(has_text=re.compile(f"^{tag}$"))).to_have_count(1 if language in speaks else 0)


def log_in(person: Person, username: str, password: str) -> None:
    page = person.page
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(person.base_url + "/")


def count(actions, what: str):
    return actions.locator(f"[data-count={what}]")


def test_journey_post_follow_like_collect_comment(live_server, tmp_path, browser):
    author = Person(browser, live_server.url, DESKTOP)
    follower = Person(browser, live_server.url, PHONE)

    # 1–2. Both sign up; the follower follows the author from the author's profile.
    sign_up(author, "lin_bakes", "林小厨 Lin", speaks=["Chinese", "English"])
    sign_up(follower, "mei_reads", "梅 Mei", speaks=["Chinese"])
    follower.goto("/u/lin_bakes")
    expect(follower.page.get_by_role("heading", name="林小厨 Lin")).to_be_visible()
    follow = follower.page.locator(".profile-actions").get_by_role("button", name="Follow", exact=True)
    follow.click()
    expect(follower.page.locator(".profile-actions button[aria-pressed=true]")).to_be_visible()
    expect(follower.page.locator("#followers-count")).to_have_text("1")

    # 3. The author opens the composer from the Post button and chooses two pictures.
    page = author.page
    page.get_by_role("link", name="Post", exact=True).click()
    page.wait_for_url("**/notes/new")
    red = picture(tmp_path / "plate.jpg", (480, 360), (214, 48, 49), "JPEG", shape=0)  # wide, red, a disc
    blue = picture(tmp_path / "cup.png", (360, 480), (30, 90, 200), "PNG", shape=1)  # tall, blue, a block
    page.get_by_label("Add pictures").set_input_files([red, blue])
    tiles = page.locator("[data-tiles] .rl-tile.is-new")
    expect(tiles).to_have_count(2)
    expect(page.locator("[data-image-count]")).to_have_text("2")

    def preview_widths() -> list[int]:
        page.wait_for_function("""() => [...document.querySelectorAll('[data-tiles] .rl-tile.is-new img')]
            .every(img => img.complete && img.naturalWidth > 0 && img.src.startsWith('blob:'))""")
        return page.eval_on_selector_all("[data-tiles] .rl-tile.is-new img", "els => els.map(e => e.naturalWidth)")

    assert preview_widths() == [480, 360]  # the previews are the chosen files, as chosen
    tiles.nth(0).get_by_label("Description of the picture").fill("红色的盘子 a red plate")
    tiles.nth(1).get_by_label("Description of the picture").fill("蓝色的杯子 a blue cup")
    # Reorder: the blue cup becomes the cover.
    tiles.nth(0).get_by_role("button", name="Move later").click()
    assert preview_widths() == [360, 480]
    expect(tiles.nth(0).get_by_label("Description of the picture")).to_have_value("蓝色的杯子 a blue cup")
    expect(tiles.nth(0).locator(".rl-tile-n")).to_have_text("Cover")
    expect(tiles.nth(1).locator(".rl-tile-n")).to_have_text("2")

    title = "周末抹茶卷 Matcha roll"
    page.get_by_label("Title").fill(title)
    page.get_by_label("Text", exact=True).fill(
        "第一次做抹茶蛋糕卷，口感很轻 🍵\nFirst try at a matcha roll. #周末烘焙 #baking 谢谢@mei_reads 的配方!")
    author.screenshot("composer-desktop")
    author.screenshot("composer-phone", PHONE)
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(r"/notes/\d+$"))
    note_path = page.url.removeprefix(live_server.url)
    note_id = int(note_path.rsplit("/", 1)[1])

    # 4. The note page: both pictures in the chosen order, the title, linked topic and mention.
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    slides = page.locator(".rl-carousel .rl-slide img")
    expect(slides).to_have_count(2)
    assert slides.evaluate_all("els => els.map(e => e.alt)") == ["蓝色的杯子 a blue cup", "红色的盘子 a red plate"]
    assert [(slides.nth(i).get_attribute("width"), slides.nth(i).get_attribute("height")) for i in range(2)] == [
        ("360", "480"), ("480", "360")]  # the tall blue cup first, the wide red plate second
    page.wait_for_function("""() => { const img = document.querySelector('.rl-carousel .rl-slide img');
        return img.complete && img.naturalWidth === 360 && img.naturalHeight === 480; }""")
    topic = page.get_by_role("link", name="#周末烘焙")
    expect(topic).to_have_attribute("href", reverse("web:topic", args=["周末烘焙"]))
    expect(page.get_by_role("link", name="#baking")).to_have_attribute("href", reverse("web:topic", args=["baking"]))
    mention = page.locator(".rl-note-body a.rl-mention")
    expect(mention).to_have_text("@梅 Mei")
    expect(mention).to_have_attribute("href", "/u/mei_reads")

    # 5. On the author's profile, and in the follower's following feed.
    author.goto("/u/lin_bakes")
    own_card = page.locator(f".card-link[href='{note_path}']")
    expect(own_card).to_contain_text(title)
    own_card.click()  # and back to the note page, which the author keeps open
    page.wait_for_url(live_server.url + note_path)
    follower.goto("/following")
    card = follower.page.locator(f".card-link[href='{note_path}']")
    expect(card).to_contain_text(title)
    card.click()
    follower.page.wait_for_url(live_server.url + note_path)

    # 6. The follower likes, collects (default board) and comments: each in place, no page load.
    fpage = follower.page
    fpage.evaluate(f"{MARKER} = 'still here'")
    actions = fpage.locator(f"#note-actions-{note_id}")
    expect(count(actions, "likes")).to_have_text("Like")
    actions.get_by_role("button", name="Like", exact=True).click()
    expect(actions.get_by_role("button", name="Unlike")).to_have_attribute("aria-pressed", "true")
    expect(count(actions, "likes")).to_have_text("1")

    actions.get_by_label("Collect", exact=True).click()
    picker = fpage.get_by_role("dialog", name="Collect into a board")
    expect(picker).to_be_visible()
    picker.get_by_role("button", name=re.compile("My collection")).click()
    expect(actions.get_by_role("button", name="Remove from collection")).to_have_attribute("aria-pressed", "true")
    expect(count(actions, "collects")).to_have_text("1")
    expect(count(actions, "likes")).to_have_text("1")  # the fresh bar keeps the like

    comment = "好漂亮！What flour did you use? 🍰"
    fpage.get_by_label("Comment", exact=True).fill(comment)
    fpage.get_by_role("button", name="Send").click()
    expect(fpage.locator(f"#new-comments-{note_id} .rl-comment-text")).to_have_text(comment)
    expect(count(actions, "comments")).to_have_text("1")
    expect(fpage.locator(f"#comments-head-{note_id} h2")).to_have_text("1 comment")
    expect(fpage.get_by_label("Comment", exact=True)).to_have_value("")  # the box is cleared for the next one
    assert fpage.evaluate(MARKER) == "still here", "a full page load happened"
    assert fpage.url == live_server.url + note_path
    follower.screenshot("note-follower-phone")

    # 7. The author reloads and sees one like, one collect, one comment and its text.
    page.reload()
    actions = page.locator(f"#note-actions-{note_id}")
    expect(count(actions, "likes")).to_have_text("1")
    expect(count(actions, "collects")).to_have_text("1")
    expect(count(actions, "comments")).to_have_text("1")
    their_comment = page.locator(f"#comment-list-{note_id} .rl-comment")
    expect(their_comment).to_have_count(1)
    expect(their_comment.locator(".rl-comment-text")).to_have_text(comment)
    expect(their_comment.locator(".rl-comment-who")).to_contain_text("梅 Mei")

    # 8. The note page at both sizes.
    author.screenshot("note-desktop")
    author.screenshot("note-phone", PHONE)
    assert author.errors == [] and follower.errors == []
    author.close()
    follower.close()


COLOURS = [(231, 76, 60), (46, 134, 193), (39, 174, 96), (243, 156, 18), (142, 68, 173), (22, 160, 133),
           (211, 84, 0), (52, 73, 94), (241, 196, 15)]
SHAPES = [(300, 400), (400, 300), (300, 300), (270, 480), (400, 320)]
TITLES = ["上海咖啡店探店", "Sourdough at home", "猫咪的午后", "Weekend in Hangzhou", "考研复习计划",
          "Budget meal prep", "小户型收纳", "Autumn outfit ideas", "晨跑打卡第30天"]


@pytest.fixture
def many_notes(mei, alex):
    """45 published notes with pictures of several shapes and colours, through the services."""
    made = []
    for i in range(45):
        author = [mei, alex][i % 2]
        uploads = [factories.upload(data=drawing(SHAPES[i % len(SHAPES)], COLOURS[i % len(COLOURS)], shape=i))]
        made.append(factories.note_services.note_create(
            author=author, title=f"{TITLES[i % len(TITLES)]} {i}", body="#日常 a day out", images=uploads))
    return made


def test_visitor_scrolls_explore_into_the_second_page_and_opens_a_note(live_server, many_notes, settings, browser):
    page_size = settings.FEED_PAGE_SIZE
    assert len(many_notes) > 2 * page_size  # there is a second page (and a third) to reach
    visitor = Person(browser, live_server.url, PHONE)
    page = visitor.page
    visitor.goto("/")
    cards = page.locator("[data-waterfall] .card-link")
    expect(cards).to_have_count(page_size)
    expect(page.locator("[data-waterfall] .waterfall-col")).to_have_count(2)
    visitor.screenshot("explore-phone")
    page.set_viewport_size(DESKTOP)
    expect(page.locator("[data-waterfall] .waterfall-col")).to_have_count(4)
    visitor.screenshot("explore-desktop")
    page.set_viewport_size(PHONE)
    expect(page.locator("[data-waterfall] .waterfall-col")).to_have_count(2)  # laid out again before scrolling
    page.evaluate(f"{MARKER} = 'still here'")

    # Scroll as a person does, until the sentinel has brought in the second page.
    first_page = set(cards.evaluate_all("els => els.map(e => e.getAttribute('href'))"))
    scroll_until(page, f"() => document.querySelectorAll('[data-waterfall] .card-link').length >= {2 * page_size}")
    hrefs = cards.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len(hrefs) == len(set(hrefs))  # no card twice
    assert page.evaluate(MARKER) == "still here"  # loaded in place
    second_page = [h for h in hrefs if h not in first_page]
    assert len(second_page) >= page_size

    # Open a note from the second page.
    target = page.locator(f"[data-waterfall] .card-link[href='{second_page[0]}']")
    target.scroll_into_view_if_needed()
    title = target.locator(".card-title").inner_text()
    target.click()
    page.wait_for_url(live_server.url + second_page[0])
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_role("link", name="#日常")).to_be_visible()
    expect(page.get_by_role("link", name="Log in to like")).to_be_visible()  # a visitor is asked to log in
    assert visitor.errors == []
    visitor.close()


def test_member_switches_the_interface_to_chinese(live_server, alex, browser):
    member = Person(browser, live_server.url, DESKTOP)
    page = member.page
    member.goto("/login")
    log_in(member, "alex", factories.PASSWORD)
    nav = page.locator(".topnav")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(nav.get_by_role("link").nth(0)).to_have_text("Explore")
    expect(nav.get_by_role("link").nth(1)).to_have_text("Following")

    page.locator(".lang-switch").get_by_role("button", name="中").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator(".lang-switch button[value=zh-hans]")).to_have_attribute("aria-pressed", "true")
    # The labels follow the zh_Hans catalogue.
    with translation.override("zh-hans"):
        explore, following = translation.gettext("Explore"), translation.gettext("Following")
    expect(nav.get_by_role("link").nth(0)).to_have_text(explore)
    expect(nav.get_by_role("link").nth(1)).to_have_text(following)
    assert (explore, following) == ("发现", "关注")  # the labels really change language

    member.close()

    # The choice is saved on the member, not only in that browser: a fresh one, asking for English,
    # gets Chinese as soon as the member logs in.
    elsewhere = Person(browser, live_server.url, PHONE)
    elsewhere.goto("/login")
    expect(elsewhere.page.locator("html")).to_have_attribute("lang", "en")
    log_in(elsewhere, "alex", factories.PASSWORD)
    expect(elsewhere.page.locator("html")).to_have_attribute("lang", "zh-hans")
    assert member.errors == [] and elsewhere.errors == []
    elsewhere.close()
