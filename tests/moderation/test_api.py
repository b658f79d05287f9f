"""The moderation API for moderators' tools and bots, and reports, statements and appeals for members."""

from __future__ import annotations

import pytest

from redleaf.moderation.models import Case, Kind, Statement, Term
from redleaf.notes.models import Note, NoteState
from tests import factories
from tests.api.conftest import ApiClient
from tests.moderation.conftest import make_moderator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def operator_terms(db):
    Term.objects.create(rule_id="harassment", lang="", value="zorbleflax", score=0.7)


def test_a_bot_works_the_queue_claim_and_decide(mod_en, mod_zh):
    writer = factories.make_user("writer", language="en")
    note = factories.make_note(writer, title="hey", body="you zorbleflax, get lost", images=0)
    bot, other = ApiClient(mod_en), ApiClient(mod_zh)
    queue = bot.ok("GET", "/api/v1/moderation/queue")
    assert [c["item"] for c in queue["items"]] == [{"kind": "note", "id": str(note.pk)}]
    case = queue["items"][0]
    assert case["reason"] == "flagged" and case["proposed_action"] == "hold" and case["languages"] == ["en"]
    assert any(s["rule"] == "harassment" for s in case["signals"])
    assert case["excerpt"] == "hey · you zorbleflax, get lost" and case["reports"] == 0  # no fetch per case
    assert other.ok("GET", "/api/v1/moderation/queue")["items"] == []  # an English case, a Chinese reader
    other.fails("POST", f"/api/v1/moderation/cases/{case['id']}/claim", 403, "case_outside_languages")
    claimed = bot.ok("POST", f"/api/v1/moderation/cases/{case['id']}/claim")
    assert claimed["claimed_by"] == "mod_en"
    both = ApiClient(make_moderator("mod_two", ["en"]))
    both.fails("POST", f"/api/v1/moderation/cases/{case['id']}/claim", 409, "case_claimed")
    bot.fails("POST", f"/api/v1/moderation/cases/{case['id']}/decide", 400, "rule_required",
              json={"action": "remove"})
    decision = bot.ok("POST", f"/api/v1/moderation/cases/{case['id']}/decide",
                      json={"action": "remove", "rule": "harassment", "reason": "Insult."})
    assert decision["action"] == "remove" and decision["rule"] == "harassment"
    assert Note.objects.get(pk=note.pk).state == NoteState.REJECTED
    bot.fails("POST", f"/api/v1/moderation/cases/{case['id']}/decide", 409, "case_decided",
              json={"action": "approve"})


def test_members_cannot_use_the_moderation_api(alex):
    ApiClient(alex).fails("GET", "/api/v1/moderation/queue", 403, "not_moderator")
    ApiClient().fails("GET", "/api/v1/moderation/queue", 401, "unauthenticated")
    ApiClient(alex).fails("POST", "/api/v1/moderation/cases/1/decide", 403, "not_moderator",
                          json={"action": "approve"})


def test_report_statement_and_appeal_over_the_api(mei, alex, mod_both):
    note = factories.make_note(mei, title="a note", images=0)
    member = ApiClient(alex)
    report = member.ok("POST", "/api/v1/reports", 201, json={"kind": "note", "id": str(note.pk), "rule": "hate"})
    assert report["outcome"] == "" and report["kind"] == "note"
    member.fails("POST", "/api/v1/reports", 409, "already_reported",
                 json={"kind": "note", "id": str(note.pk), "rule": "hate"})
    member.fails("POST", "/api/v1/reports", 400, "unknown_rule", json={"kind": "note", "id": str(note.pk),
                                                                       "rule": "nope"})
    member.fails("POST", "/api/v1/reports", 404, "note_not_found", json={"kind": "note", "id": "12",
                                                                         "rule": "hate"})
    ApiClient(mod_both).ok("POST", f"/api/v1/moderation/cases/{report['case_id']}/decide",
                           json={"action": "limit", "rule": "flaunting_wealth", "reason": "Haul post."})
    assert member.ok("GET", "/api/v1/reports")[0]["outcome"] == "limit"
    author = ApiClient(mei)
    statements = author.ok("GET", "/api/v1/statements")
    assert len(statements) == 1
    s = statements[0]
    assert s["action"] == "limit" and s["rule"] == "flaunting_wealth" and s["facts"] == "Haul post."
    assert s["automated_decision"] is False and s["appeal_state"] is None
    member.fails("GET", f"/api/v1/statements/{s['id']}", 404, "statement_not_found")
    appeal = author.ok("POST", f"/api/v1/statements/{s['id']}/appeal", 201, json={"text": "It is a budget post."})
    assert appeal["state"] == "open"
    author.fails("POST", f"/api/v1/statements/{s['id']}/appeal", 409, "already_appealed", json={"text": "again"})
    assert author.ok("GET", f"/api/v1/statements/{s['id']}")["appeal_state"] == "open"
    case = Case.objects.get(appeal_id=int(appeal["id"]))
    assert list(case.excluded.all()) == [mod_both] and case.kind == Kind.NOTE
    assert Statement.objects.count() == 1


def test_guidelines_are_public():
    body = ApiClient().ok("GET", "/api/v1/guidelines")
    assert body["version"] >= 1
    assert "harassment" in [r["id"] for r in body["rules"]]


def test_notes_and_comments_say_their_review_state(mei):
    writer = factories.make_user("writer", language="en")
    note = factories.make_note(writer, title="zorbleflax", images=0)
    body = ApiClient(writer).ok("GET", f"/api/v1/notes/{note.pk}")
    assert body["state"] == "pending" and body["limited"] is False and body["label"] is None
    ApiClient(mei).fails("GET", f"/api/v1/notes/{note.pk}", 404, "note_not_found")
