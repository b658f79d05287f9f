"""Discovery in real Chromium: a newcomer signs up, picks interests at onboarding, finds them on their
first explore page with the reason on each card, says "not interested" to one card (gone in place),
and takes it back from the explore settings. Screenshots land in test-artifacts/."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect, sync_playwright

from tests import factories
from tests.discovery.conftest import established
from tests.e2e.test_journey import ARGS, CHROMIUM, PHONE, Person, drawing

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "hotpot and dumplings 2025"


@pytest.fixture
def community(mei, alex, chen):
    """Cats, food and travel notes with pictures, by members who have been here a while."""
    established(mei, alex, chen)
    colours = {"萌宠": (243, 156, 18), "美食": (231, 76, 60), "travel": (46, 134, 193)}
    made = {}
    for i in range(9):
        topic = ["萌宠", "美食", "travel"][i % 3]
        author = [mei, alex, chen][(i // 3) % 3]
        picture = factories.upload(data=drawing((300, 360 + 20 * i), colours[topic], shape=i))
        made.setdefault(topic, []).append(factories.note_services.note_create(
            author=author, title=f"{topic} {i}", body=f"#{topic}", images=[picture]))
    return made


@pytest.fixture
def browser():
    """Ask for it after the fixtures that write data (see tests/e2e/test_journey.py)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def test_onboarding_shapes_the_first_page_and_not_interested_is_undone_from_settings(live_server, community,
                                                                                     browser):
    cats = {f"/notes/{n.pk}" for n in community["萌宠"]}
    person = Person(browser, live_server.url, PHONE)
    page = person.page
    person.goto("/signup")
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Interface language").select_option("en")
    page.get_by_role("button", name="Create account").click()

    # Onboarding: interests and languages.
    page.wait_for_url("**/discover/welcome?next=%2F")
    expect(page.get_by_role("heading", name="What do you like?")).to_be_visible()
    page.get_by_text("#萌宠", exact=True).click()
    page.get_by_role("group", name="I read").get_by_label("中文").check()
    person.screenshot("discovery-onboarding")
    page.get_by_role("button", name="Start exploring").click()
    page.wait_for_url(person.base_url + "/")

    # The first page starts from the chosen topic, and each card says why.
    first = page.locator('[data-waterfall] .card[data-i="0"]')  # the waterfall puts cards in columns
    expect(first.locator(".card-link")).to_have_attribute("href", sorted(cats)[-1])
    ranked = page.locator("[data-waterfall] .card").evaluate_all(
        "els => els.sort((a, b) => a.dataset.i - b.dataset.i).map(e => e.querySelector('.card-link').getAttribute('href'))")
    assert set(ranked[:3]) == cats, ranked
    first.locator(".why-btn").click()
    expect(first.locator(".why-text")).to_have_text("Because you chose #萌宠 as an interest")
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")  # the sheet is up
    person.screenshot("discovery-why")

    # "Not interested": the card gives way in place (no reload), with an undo.
    marker = "window.__stillHere"
    page.evaluate(f"{marker} = true")
    first.get_by_role("button", name="Not interested").click()
    expect(first.locator(".card-dismissed")).to_contain_text("fewer notes like this")
    expect(first.locator(".card-link")).to_have_count(0)
    assert page.evaluate(marker) is True
    person.screenshot("discovery-dismissed")

    # Explore settings, reached from the account settings, lists it; undo brings it back.
    person.goto("/settings")
    page.get_by_role("link", name="Explore: interests, personalisation, hidden notes").click()
    page.wait_for_url("**/settings/explore")
    marks = page.locator(".dv-marks li")
    expect(marks).to_have_count(1)
    expect(marks.first).to_contain_text("萌宠 6")
    person.screenshot("discovery-settings")
    marks.first.get_by_role("button", name="Undo").click()
    expect(page.locator(".toast")).to_contain_text("Undone")
    expect(page.locator(".dv-marks li")).to_have_count(0)
    assert not person.errors, person.errors
    person.close()
