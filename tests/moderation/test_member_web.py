"""Review as a member and the public see it in the browser: the guidelines page, reporting notes,
comments and accounts, statements of reasons with appeals, "My reports" with outcomes, "under
review" and labels on items, the transparency page, and the links to them (sign-up, settings, footer)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from redleaf.engagement import services as engagement_services
from redleaf.moderation import rules as rules_module
from redleaf.moderation import services
from redleaf.moderation.models import Appeal, Case, Kind, Report, Rule, Statement, Term
from redleaf.notes.models import NoteState
from tests import factories

pytestmark = pytest.mark.django_db

FLAG = "zorbleflax"  # an operator's term: anything containing it waits for a moderator


@pytest.fixture(autouse=True)
def operator_terms(db):
    Term.objects.create(rule_id="harassment", lang="", value=FLAG, score=0.7)


@pytest.fixture
def moderator(db):
    user = factories.make_user("mod_web", display_name="Mod", language="en")
    services.moderator_add(user=user, languages=["zh", "en"])
    return user


def login(client, user):
    client.force_login(user)
    return client


def page(response) -> str:
    return response.content.decode()


def text_of(response) -> str:
    """The page's visible text, tags stripped and spaces squeezed (for phrases that span markup)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page(response)))


def clean_note(author, title="Weekend noodles", **kwargs):
    note = factories.make_note(author, title=title, body="Hand-pulled, with chilli oil.", images=0, **kwargs)
    assert note.state == NoteState.PUBLISHED
    return note


def held_note(author, text=f"you {FLAG} everyone knows it"):
    note = factories.make_note(author, title="note", body=text, images=0)
    case = Case.objects.get(kind=Kind.NOTE, object_id=note.pk, state=Case.State.OPEN)
    return note, case


def report_url(kind, object_id) -> str:
    return f"/report/{kind}/{object_id}"


# --- the guidelines -----------------------------------------------------------------------------
def test_guidelines_page_lists_every_rule_in_the_members_language(client, alex, mei):
    rules = list(Rule.objects.filter(is_active=True))
    assert len(rules) >= 10
    anonymous = client.get("/guidelines")
    assert anonymous.status_code == 200
    html = page(login(client, alex).get("/guidelines"))
    for rule in rules:
        assert f'id="{rule.pk}"' in html
        assert rule.title_en in html and rule.summary_en.replace("'", "&#x27;") in html
        assert rule.title_zh not in html
    assert f"Version {rules_module.current_version()} ·" in html and "How review works" in html
    assert "Remove: the content is no longer shown to anyone." in html
    html = page(login(client, mei).get("/guidelines"))
    for rule in rules:
        assert rule.title_zh in html
        assert rule.title_en not in html


def test_an_inactive_rule_is_left_off_the_guidelines(client, alex):
    Rule.objects.filter(pk="illegal_goods").update(is_active=False)
    html = page(login(client, alex).get("/guidelines"))
    assert 'id="illegal_goods"' not in html and 'id="harassment"' in html


def test_sign_up_names_the_guidelines_version_and_links_to_them(client):
    with translation.override("en"):
        response = client.get("/signup", HTTP_ACCEPT_LANGUAGE="en")
    text = text_of(response)
    assert f"By joining you agree to the community guidelines (version {rules_module.current_version()})" in text
    assert 'href="/guidelines"' in page(response)


def test_footer_and_settings_link_to_review_pages(client, alex):
    html = page(login(client, alex).get("/settings"))
    for url in ("/guidelines", "/transparency", "/settings/decisions", "/settings/reports"):
        assert f'href="{url}"' in html
    assert "Decisions about my content" in html and "My reports" in html


# --- reporting ----------------------------------------------------------------------------------
def test_two_reports_on_one_note_join_one_case_and_each_reporter_is_thanked(client, alex, mei):
    note = clean_note(mei)
    other = factories.make_user("other_reader", language="en")
    form = login(client, alex).get(report_url("note", note.pk))
    assert form.status_code == 200
    html = page(form)
    for rule in Rule.objects.filter(is_active=True):
        assert f'value="{rule.pk}"' in html and rule.title_en in html
    response = client.post(report_url("note", note.pk), {"rule": "harassment", "text": "rude to me"})
    assert response.status_code == 200
    assert "Thanks — a moderator will look at it." in page(response)
    assert "My reports" in page(response)
    login(client, other).post(report_url("note", note.pk), {"rule": "hate", "text": ""})
    reports = Report.objects.filter(case__kind=Kind.NOTE, case__object_id=note.pk)
    assert reports.count() == 2
    assert len({r.case_id for r in reports}) == 1
    assert Case.objects.get(pk=reports[0].case_id).reason == Case.Reason.REPORTED


def test_report_form_opens_in_place_with_htmx(client, alex, mei):
    note = clean_note(mei)
    login(client, alex)
    response = client.get(report_url("note", note.pk), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = page(response)
    assert "<html" not in html and "mod-report-inline" in html and 'hx-post="/report/note/' in html
    response = client.post(report_url("note", note.pk), {"rule": "scam_spam"}, HTTP_HX_REQUEST="true")
    assert "<html" not in page(response) and "Thanks — a moderator will look at it." in page(response)
    # the note page offers it: a link that works without script and loads the form in place with it
    note_page = page(client.get(f"/notes/{note.pk}"))
    assert f'href="/report/note/{note.pk}?next=' in note_page and f'hx-target="#note-report-{note.pk}"' in note_page


def test_report_errors_are_clear_and_keep_the_input(client, alex, mei):
    note = clean_note(mei)
    own = clean_note(alex, title="Mine")
    login(client, alex)
    response = client.post(report_url("note", own.pk), {"rule": "harassment", "text": "x"})
    assert response.status_code == 400 and "You cannot report your own content." in page(response)

    response = client.post(report_url("note", note.pk), {"rule": "no_such_rule", "text": "keep me"})
    assert response.status_code == 400 and "There is no such rule." in page(response)
    assert "keep me" in page(response)

    response = client.post(report_url("note", note.pk), {"rule": "harassment", "text": "y" * 1001})
    assert response.status_code == 400
    assert "A report can have at most 1000 characters." in page(response)
    assert 'value="harassment" checked' in page(response)  # the chosen rule stays chosen

    response = client.post(report_url("note", note.pk), {"text": "no rule"})
    assert response.status_code == 400 and "Choose the rule this breaks." in page(response)

    client.post(report_url("note", note.pk), {"rule": "harassment"})
    response = client.post(report_url("note", note.pk), {"rule": "hate"})
    assert response.status_code == 409 and "You have already reported this" in page(response)
    assert Report.objects.filter(reporter=alex).count() == 1


def test_an_item_you_cannot_see_cannot_be_reported(client, alex, mei):
    hidden = clean_note(mei, title="Just for me", audience="only_me")
    login(client, alex)
    assert client.get(report_url("note", hidden.pk)).status_code == 404
    assert client.post(report_url("note", hidden.pk), {"rule": "harassment"}).status_code == 404
    assert client.get(report_url("note", "not-a-number")).status_code == 404
    assert client.get(report_url("board", 1)).status_code == 404
    assert client.get(report_url("account", "nobody_here")).status_code == 404
    assert not Report.objects.exists()


def test_reporting_needs_an_account(client, mei):
    note = clean_note(mei)
    response = client.get(report_url("note", note.pk))
    assert response.status_code == 302 and response["Location"].startswith("/login")
    response = client.post(report_url("note", note.pk), {"rule": "harassment"})
    assert response.status_code == 302 and not Report.objects.exists()


def test_comments_and_accounts_can_be_reported(client, alex, mei):
    note = clean_note(mei)
    comment = engagement_services.comment_create(author=mei, note=note, text="Thanks for reading!")
    login(client, alex)
    note_page = page(client.get(f"/notes/{note.pk}"))
    assert f'href="/report/comment/{comment.pk}?next=' in note_page
    response = client.post(report_url("comment", comment.pk), {"rule": "scam_spam"})
    assert "Thanks — a moderator will look at it." in page(response)
    profile = page(client.get(f"/u/{mei.username}"))
    assert f'href="/report/account/{mei.username}?next=' in profile
    response = client.post(report_url("account", mei.username), {"rule": "harassment"})
    assert "Thanks — a moderator will look at it." in page(response)
    assert set(Report.objects.values_list("case__kind", flat=True)) == {Kind.COMMENT, Kind.ACCOUNT}


# --- my reports ---------------------------------------------------------------------------------
def test_my_reports_shows_each_outcome_once_a_moderator_decides(client, alex, mei, moderator):
    spammy = clean_note(mei, title="Great deals")
    fine = clean_note(mei, title="Dumplings")
    login(client, alex)
    client.post(report_url("note", spammy.pk), {"rule": "scam_spam"})
    client.post(report_url("note", fine.pk), {"rule": "hate"})
    html = page(client.get("/settings/reports"))
    assert html.count("Waiting for a moderator") == 2 and "Great deals" in html and "Dumplings" in html

    cases = {r.case.object_id: r.case_id for r in Report.objects.select_related("case")}
    services.case_decide(case_id=cases[spammy.pk], moderator=moderator, action="remove", rule_id="scam_spam",
                         reason="Sells fake followers.")
    services.case_decide(case_id=cases[fine.pk], moderator=moderator, action="approve")
    text = text_of(client.get("/settings/reports"))
    assert "Waiting for a moderator" not in text
    assert "Removed" in text and "No violation found" in text
    assert "Scams, spam" in text or Rule.objects.get(pk="scam_spam").title_en in text


def test_my_reports_names_account_actions_in_plain_words(client, alex, mei, moderator):
    login(client, alex).post(report_url("account", mei.username), {"rule": "harassment"})
    case = Report.objects.get().case
    services.case_decide(case_id=case.pk, moderator=moderator, action="approve", rule_id="harassment",
                         account_action="warn")
    assert "Account action: a warning" in page(client.get("/settings/reports"))


# --- under review and labels --------------------------------------------------------------------
def test_a_pending_note_shows_under_review_to_its_author_and_is_hidden_from_others(client, alex, mei):
    note, _case = held_note(mei)
    note.refresh_from_db()
    assert note.state == NoteState.PENDING
    mei.ui_language = "en"
    mei.save(update_fields=["ui_language"])
    login(client, mei)
    assert "Under review" in page(client.get(f"/notes/{note.pk}"))
    assert "Under review" in page(client.get(f"/u/{mei.username}"))  # the card badge on their profile
    login(client, alex)
    assert client.get(f"/notes/{note.pk}").status_code == 404
    assert "Under review" not in page(client.get(f"/u/{mei.username}"))
    client.logout()
    assert client.get(f"/notes/{note.pk}").status_code == 404


def test_a_pending_comment_shows_under_review_to_its_author_only(client, alex, mei):
    note = clean_note(alex)
    comment = engagement_services.comment_create(author=mei, note=note, text=f"you {FLAG}")
    comment.refresh_from_db()
    assert comment.state == "pending"
    mei.ui_language = "en"
    mei.save(update_fields=["ui_language"])
    html = page(login(client, mei).get(f"/notes/{note.pk}"))
    assert f'id="comment-{comment.pk}"' in html and "Under review" in html
    html = page(login(client, alex).get(f"/notes/{note.pk}"))
    assert f'id="comment-{comment.pk}"' not in html


def test_a_labelled_note_shows_its_label_and_a_limited_one_tells_its_author_why(client, alex, mei, moderator):
    labelled, case = held_note(alex, f"sponsored post {FLAG}")
    services.case_decide(case_id=case.pk, moderator=moderator, action="label", rule_id="undisclosed_ads",
                         reason="Paid promotion without #ad.")
    limited, case2 = held_note(alex, f"my third bag this month {FLAG}")
    services.case_decide(case_id=case2.pk, moderator=moderator, action="limit", rule_id="flaunting_wealth")
    ads = Rule.objects.get(pk="undisclosed_ads")
    wealth = Rule.objects.get(pk="flaunting_wealth")
    reader = factories.make_user("reader", language="en")
    login(client, reader)
    html = page(client.get(f"/notes/{labelled.pk}"))
    assert ads.label_en in html
    assert "Limited: not recommended or searchable" not in html
    assert ads.label_en in page(client.get(f"/u/{alex.username}"))  # the card carries it too
    html = page(login(client, alex).get(f"/notes/{limited.pk}"))
    statement = Statement.objects.get(kind=Kind.NOTE, object_id=limited.pk)
    assert wealth.label_en in html
    assert "Limited: not recommended or searchable" in html
    assert f'href="/settings/decisions/{statement.pk}"' in html


# --- statements of reasons and appeals ----------------------------------------------------------
def test_statement_shows_what_why_rule_automation_and_the_appeal_form(client, alex, moderator):
    note, case = held_note(alex)
    services.case_decide(case_id=case.pk, moderator=moderator, action="remove", rule_id="harassment",
                         reason="Calls another member names.")
    statement = Statement.objects.get(user=alex)
    login(client, alex)
    assert "1 new" in page(client.get("/settings"))
    listing = page(client.get("/settings/decisions"))
    assert f'href="/settings/decisions/{statement.pk}"' in listing and "Removed" in listing
    response = client.get(f"/settings/decisions/{statement.pk}")
    assert response.status_code == 200
    html = page(response)
    text = text_of(response)
    assert "Statement of reasons" in html
    assert 'href="/guidelines#harassment"' in html and "Harassment and bullying" in html
    assert "Calls another member names." in html
    assert "Automated means were used" in text
    assert "made this decision. It was not made by automated means." in text
    assert 'name="text"' in html and "Send appeal" in html
    deadline = timezone.localtime(statement.appeal_until)
    assert f"You can appeal until {deadline:%B} {deadline.day}, {deadline.year}" in text
    statement.refresh_from_db()
    assert statement.read_at is not None  # opened: read
    assert "1 new" not in page(client.get("/settings"))


def test_statement_dates_are_in_the_members_language(client, mei, moderator):
    note, case = held_note(mei, f"你这个 {FLAG} 真讨厌")
    services.case_decide(case_id=case.pk, moderator=moderator, action="remove", rule_id="harassment")
    statement = Statement.objects.get(user=mei)
    deadline = timezone.localtime(statement.appeal_until)
    text = text_of(login(client, mei).get(f"/settings/decisions/{statement.pk}"))
    assert f"{deadline.year}年{deadline.month}月{deadline.day}日" in text
    assert Rule.objects.get(pk="harassment").title_zh in text


def test_an_appeal_is_taken_then_shown_with_its_outcome(client, alex, moderator):
    note, case = held_note(alex)
    services.case_decide(case_id=case.pk, moderator=moderator, action="remove", rule_id="harassment")
    statement = Statement.objects.get(user=alex)
    url = f"/settings/decisions/{statement.pk}"
    login(client, alex)
    response = client.post(url, {"text": "x" * 2001})
    assert response.status_code == 400 and "An appeal can have at most 2000 characters." in page(response)
    response = client.post(url, {"text": ""})
    assert response.status_code == 400 and "Tell us why the decision is wrong." in page(response)
    response = client.post(url, {"text": "It was a joke between friends."})
    assert response.status_code == 302 and response["Location"] == url
    html = page(client.get(url))
    assert "Appeal waiting for a moderator" in html and "It was a joke between friends." in html
    assert "Send appeal" not in html
    response = client.post(url, {"text": "again"})
    assert response.status_code == 409 and "You have already appealed this decision." in page(response)

    second = services.moderator_add(user=factories.make_user("mod_two", language="en"), languages=["en", "zh"]).user
    appeal_case = Case.objects.get(appeal__statement=statement)
    services.case_decide(case_id=appeal_case.pk, moderator=second, action="restore", reason="Context shows banter.")
    assert Appeal.objects.get().state == Appeal.State.REVERSED
    assert "Appeal: decision reversed" in page(client.get(url))


def test_an_appeal_past_the_window_is_refused_with_the_reason(client, alex, moderator):
    note, case = held_note(alex)
    services.case_decide(case_id=case.pk, moderator=moderator, action="remove", rule_id="harassment")
    statement = Statement.objects.get(user=alex)
    Statement.objects.filter(pk=statement.pk).update(appeal_until=timezone.now() - timedelta(days=1))
    url = f"/settings/decisions/{statement.pk}"
    login(client, alex)
    html = page(client.get(url))
    assert "The time to appeal ended on" in html and "Send appeal" not in html
    response = client.post(url, {"text": "Please look again."})
    assert response.status_code == 410
    assert "The time to appeal this decision has passed." in page(response)
    assert not Appeal.objects.exists()


def test_someone_elses_statement_is_not_found(client, alex, mei, moderator):
    note, case = held_note(mei)
    services.case_decide(case_id=case.pk, moderator=moderator, action="remove", rule_id="harassment")
    statement = Statement.objects.get(user=mei)
    login(client, alex)
    assert client.get(f"/settings/decisions/{statement.pk}").status_code == 404
    assert client.post(f"/settings/decisions/{statement.pk}", {"text": "mine now"}).status_code == 404
    assert client.get("/settings/decisions").status_code == 200
    client.logout()
    assert client.get("/settings/decisions").status_code == 302


# --- transparency -------------------------------------------------------------------------------
def bar_count(html: str, label: str) -> int:
    match = re.search(r'<th scope="row">' + re.escape(label) + r'</th>.*?<td class="mod-n">(\d+)</td>', html, re.S)
    assert match, label
    return int(match.group(1))


def test_transparency_page_counts_decisions_by_rule_action_and_source(client, alex, mei, moderator):
    empty = client.get("/transparency", HTTP_ACCEPT_LANGUAGE="en")  # a visitor reading English
    assert empty.status_code == 200 and "Nothing yet." in page(empty)
    _n1, case1 = held_note(alex)
    _n2, case2 = held_note(alex, f"second {FLAG}")
    services.case_decide(case_id=case1.pk, moderator=moderator, action="remove", rule_id="harassment")
    services.case_decide(case_id=case2.pk, moderator=moderator, action="limit", rule_id="flaunting_wealth")
    reported = clean_note(mei)
    login(client, alex).post(report_url("note", reported.pk), {"rule": "scam_spam"})
    services.case_decide(case_id=Report.objects.get().case_id, moderator=moderator, action="approve")
    client.logout()
    with translation.override("en"):
        html = page(client.get("/transparency", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Transparency report" in html
    assert bar_count(html, Rule.objects.get(pk="harassment").title_en) == 1
    assert bar_count(html, Rule.objects.get(pk="flaunting_wealth").title_en) == 1
    assert bar_count(html, "Remove") == 1 and bar_count(html, "Limit reach") == 1 and bar_count(html, "Approve") == 1
    assert bar_count(html, "Found by automated checks") == 2
    assert bar_count(html, "Reported by members") == 1
    assert bar_count(html, "Held for a person") >= 2
    assert bar_count(html, "Released automatically") >= 1
    assert 'class="mod-bar" style="width: 100%"' in html
    assert "median time to a decision" in html
