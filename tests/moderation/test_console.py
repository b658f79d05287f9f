"""The review console in the browser's terms (pages and forms, no JavaScript): who may open it, the
queue in my languages, claiming, deciding (it takes effect at once and the next case opens), errors
shown on the case, appeals, the audit log and my languages. The keyboard is tested in real Chromium
(tests/e2e/test_review.py)."""

from __future__ import annotations

import re

import pytest

from redleaf.moderation import services
from redleaf.moderation.models import AuditEntry, Case, Kind, Statement, Term
from redleaf.notes.models import Note, NoteState
from tests import factories
from tests.moderation.conftest import make_moderator

pytestmark = pytest.mark.django_db

FLAG = "zorbleflax"


@pytest.fixture(autouse=True)
def operator_terms(db):
    Term.objects.create(rule_id="harassment", lang="", value=FLAG, score=0.7)


def held(author, text, title="note") -> tuple[Note, Case]:
    note = factories.make_note(author, title=title, body=text, images=1)
    return note, Case.objects.get(kind=Kind.NOTE, object_id=note.pk, state=Case.State.OPEN)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_members_who_are_not_moderators_get_a_clear_refusal(client, alex):
    assert client.get("/review").status_code == 302  # visitors log in first
    client.force_login(alex)
    for url, method in (("/review", "get"), ("/review/audit", "get"), ("/review/next", "post")):
        response = getattr(client, method)(url)
        assert response.status_code == 403
        assert "Only moderators can do this." in text_of(response)


def test_the_queue_lists_cases_in_my_languages_with_what_they_are_about(client, mod_en):
    writer = factories.make_user("writer")
    _zh, zh_case = held(writer, f"你这个 {FLAG} 真讨厌，别再发了", title="中文笔记")
    _en, en_case = held(writer, f"you are such a {FLAG} honestly", title="English note")
    client.force_login(mod_en)
    response = client.get("/review")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'data-case="{en_case.pk}"' in body and f'data-case="{zh_case.pk}"' not in body
    text = text_of(response)
    assert "English note" in text and "@writer" in text and "Harassment" in text
    assert "1 open" in text.replace("1open", "1 open")


def test_start_reviewing_claims_the_first_case_and_deciding_opens_the_next(client, mod_both):
    writer = factories.make_user("writer")
    first, first_case = held(writer, f"{FLAG} one")
    second, second_case = held(writer, f"{FLAG} two")
    client.force_login(mod_both)
    response = client.post("/review/next")
    assert response.status_code == 302 and response["Location"] == f"/review/cases/{first_case.pk}"
    first_case.refresh_from_db()
    assert first_case.claimed_by_id == mod_both.pk
    page = client.get(response["Location"])
    assert "You are working on this case" in text_of(page)
    response = client.post(f"/review/cases/{first_case.pk}/decide",
                           {"action": "remove", "rule": "harassment", "reason": "Insults another member",
                            "then": "next"})
    assert response.status_code == 302 and response["Location"] == f"/review/cases/{second_case.pk}"
    first.refresh_from_db()
    assert first.state == NoteState.REJECTED  # at once
    statement = Statement.objects.get(user=writer, object_id=first.pk)
    assert statement.rule_id == "harassment" and statement.facts == "Insults another member"
    second_case.refresh_from_db()
    assert second_case.claimed_by_id == mod_both.pk
    response = client.post(f"/review/cases/{second_case.pk}/decide", {"action": "approve", "then": "next"})
    assert response.status_code == 302 and response["Location"] == "/review"
    second.refresh_from_db()
    assert second.state == NoteState.PUBLISHED
    assert "The queue is empty" in text_of(client.get("/review"))


def test_the_case_page_shows_content_signals_author_history_and_a_numbered_rule_list(client, mod_both):
    writer = factories.make_user("writer", display_name="Writer W")
    _note, case = held(writer, f"what a {FLAG} you are", title="Look at this")
    client.force_login(mod_both)
    response = client.get(f"/review/cases/{case.pk}")
    assert response.status_code == 200
    body = response.content.decode()
    text = text_of(response)
    assert "Look at this" in text and f"what a {FLAG} you are" in text
    assert "A word or phrase on the guidelines' lists" in text and "0.70" in text
    assert "Writer W" in text and "Strikes" in text and "None: a first case for this author." in text
    assert 'data-n="1"' in body and 'data-n="10"' in body and 'data-key="r"' in body
    assert "proposed by the checks" in text
    assert re.search(r'<img src="[^"]*/media/[^"]+"', body)  # the picture, to look at


def test_removing_without_a_rule_is_refused_on_the_case_and_nothing_changes(client, mod_both):
    note, case = held(factories.make_user("writer"), f"{FLAG}!")
    client.force_login(mod_both)
    response = client.post(f"/review/cases/{case.pk}/decide", {"action": "remove", "reason": "kept"})
    assert response.status_code == 400
    text = text_of(response)
    assert "Choose the rule this breaks." in text and "kept" in text  # the reason is not lost
    note.refresh_from_db()
    case.refresh_from_db()
    assert note.state == NoteState.PENDING and case.state == Case.State.OPEN


def test_a_case_claimed_by_another_moderator_says_so_and_cannot_be_decided(client, mod_both):
    other = make_moderator("other_mod", ["zh", "en"])
    _note, case = held(factories.make_user("writer"), f"{FLAG}")
    services.case_claim(case_id=case.pk, moderator=other)
    client.force_login(mod_both)
    assert "@other_mod is working on this case" in text_of(client.get(f"/review/cases/{case.pk}"))
    response = client.post(f"/review/cases/{case.pk}/decide", {"action": "approve"})
    assert response.status_code == 409
    assert "Another moderator is working on this case." in text_of(response)
    # "Start reviewing" passes over it
    assert client.post("/review/next")["Location"] == "/review"


def test_a_case_in_a_language_i_do_not_read_is_not_found(client, mod_en):
    _note, case = held(factories.make_user("writer"), f"你这个 {FLAG} 真讨厌，别再发了")
    client.force_login(mod_en)
    assert client.get(f"/review/cases/{case.pk}").status_code == 404
    assert client.post(f"/review/cases/{case.pk}/claim").status_code == 403
    assert client.get("/review/cases/abc").status_code == 404


def test_an_appeal_is_reversed_from_the_console_by_a_different_moderator(client, mod_both):
    first_mod = make_moderator("first_mod", ["zh", "en"])
    writer = factories.make_user("writer")
    note, case = held(writer, f"{FLAG} maybe")
    services.case_decide(case_id=case.pk, moderator=first_mod, action="remove", rule_id="harassment")
    statement = Statement.objects.get(user=writer)
    services.appeal_create(user=writer, statement_id=statement.pk, text="It was a joke between friends")
    appeal_case = Case.objects.get(kind=Kind.NOTE, object_id=note.pk, state=Case.State.OPEN)
    client.force_login(first_mod)
    assert client.get(f"/review/cases/{appeal_case.pk}").status_code == 200
    refused = client.post(f"/review/cases/{appeal_case.pk}/decide", {"action": "restore"})
    assert refused.status_code == 403  # not the moderator who decided
    client.force_login(mod_both)
    page = text_of(client.get(f"/review/cases/{appeal_case.pk}"))
    assert "It was a joke between friends" in page and "@first_mod" in page
    response = client.post(f"/review/cases/{appeal_case.pk}/decide", {"action": "restore", "reason": "Banter"})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.state == NoteState.PUBLISHED


def test_the_audit_log_shows_who_did_what(client, mod_both):
    _note, case = held(factories.make_user("writer"), f"{FLAG}")
    services.case_claim(case_id=case.pk, moderator=mod_both)
    services.case_decide(case_id=case.pk, moderator=mod_both, action="approve", reason="fine")
    client.force_login(mod_both)
    text = text_of(client.get("/review/audit"))
    body = client.get("/review/audit").content.decode()
    assert "@mod_both" in text and 'data-action="decide:approve"' in body and "checks" in text
    assert "held for a person" in text and "why: flagged by the checks" in text and "Harassment" in text
    assert AuditEntry.objects.filter(actor=mod_both).count() == 2


def test_a_moderator_changes_the_languages_of_their_queue(client, mod_en):
    _note, zh_case = held(factories.make_user("writer"), f"你这个 {FLAG} 真讨厌，别再发了")
    client.force_login(mod_en)
    assert f'data-case="{zh_case.pk}"' not in client.get("/review").content.decode()
    bad = client.post("/review/languages", {"languages": ["xx"]})
    assert bad.status_code == 400
    assert client.post("/review/languages", {"languages": ["zh", "en"]}).status_code == 302
    assert f'data-case="{zh_case.pk}"' in client.get("/review").content.decode()


def test_the_queue_page_costs_the_same_queries_for_three_cases_or_twenty(client, mod_both,
                                                                        django_assert_max_num_queries):
    writer = factories.make_user("writer")
    for i in range(3):
        held(writer, f"{FLAG} {i}")
    client.force_login(mod_both)
    client.get("/review")
    with django_assert_max_num_queries(16) as few:
        client.get("/review")
    for i in range(17):
        held(writer, f"{FLAG} more {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/review")
