"""A moderator works the review queue by keyboard, in real Chromium: n claims the first case, a rule
is chosen by its number, r removes it (and the next case opens), a approves the last one, and the
queue says it is empty; the author's removed note is gone for visitors and the audit log shows both
decisions. Pressing r before choosing a rule asks for one instead of sending."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from redleaf.moderation import services
from redleaf.moderation.models import Term
from tests import factories
from tests.e2e.test_journey import DESKTOP, Person, browser  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FLAG = "zorbleflax"


@pytest.fixture
def waiting(db):
    """Two notes an operator's term held: the first written earlier, so it is first in the queue."""
    Term.objects.create(rule_id="harassment", lang="", value=FLAG, score=0.7)
    writer = factories.make_user("writer", language="en", languages=["en"])
    first = factories.make_note(writer, title="First held note", body=f"you {FLAG}", images=1)
    second = factories.make_note(writer, title="Second held note", body=f"what a {FLAG}", images=0)
    moderator = factories.make_user("mod_key", display_name="Keys", language="en", languages=["en"])
    services.moderator_add(user=moderator, languages=["en"])
    return first, second


def test_a_moderator_decides_two_cases_by_keyboard(live_server, waiting, browser):  # noqa: F811
    first, _second = waiting
    mod = Person(browser, live_server.url, DESKTOP)
    page = mod.page
    mod.goto("/review")  # a visitor is sent to log in first, and comes back
    page.get_by_label("Username").fill("mod_key")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/review")
    expect(page.locator(".rc-row")).to_have_count(2)

    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_hidden()

    page.keyboard.press("n")  # claim the first case
    page.wait_for_url("**/review/cases/*")
    expect(page.get_by_text("You are working on this case")).to_be_visible()
    expect(page.get_by_text("First held note")).to_be_visible()
    case_url = page.url

    page.keyboard.press("r")  # no rule yet: asked for one, nothing sent
    expect(page.get_by_text("Choose the rule first: press its number.")).to_be_visible()
    assert page.url == case_url
    page.keyboard.press("1")  # Harassment and bullying, first in the guidelines
    expect(page.locator("input[name=rule][value=harassment]")).to_be_checked()
    page.keyboard.press("Escape")
    page.keyboard.press("/")
    page.keyboard.type("Calls another member names")
    page.keyboard.press("Escape")
    mod.screenshot("review-case-desktop")
    page.keyboard.press("r")
    page.wait_for_url(lambda url: url != case_url and "/review/cases/" in url)
    expect(page.get_by_text("Decided: Remove.")).to_be_visible()
    expect(page.get_by_text("Second held note")).to_be_visible()

    page.keyboard.press("a")  # approve the last one
    page.wait_for_url(live_server.url + "/review")
    expect(page.get_by_text("The queue is empty. Thank you!")).to_be_visible()

    mod.goto("/review/audit")
    expect(page.locator("[data-action='decide:remove']")).to_have_text("Remove")
    expect(page.locator("[data-action='decide:approve']")).to_have_text("Approve")
    assert mod.errors == []

    visitor = Person(browser, live_server.url, DESKTOP)
    response = visitor.page.goto(f"{live_server.url}/notes/{first.pk}")
    assert response is not None and response.status == 404
    mod.close()
    visitor.close()
