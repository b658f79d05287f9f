"""Cases: language routing, claims, decisions and what they do at once, reports joining one case,
statements of reasons, appeals decided by a different moderator, account actions, the audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from redleaf.accounts.models import User
from redleaf.core.errors import RedleafError
from redleaf.engagement import services as engagement_services
from redleaf.engagement.models import Comment, CommentState
from redleaf.moderation import selectors, services, trust
from redleaf.moderation.models import Appeal, AuditEntry, Case, Kind, Report, Statement, Strike, Term
from redleaf.notes import selectors as note_selectors
from redleaf.notes import services as note_services
from redleaf.notes.models import Note, NoteState
from tests import factories
from tests.moderation.conftest import make_moderator

pytestmark = pytest.mark.django_db

FLAG = "zorbleflax"


@pytest.fixture(autouse=True)
def operator_terms(db):
    Term.objects.create(rule_id="harassment", lang="", value=FLAG, score=0.7)


def held_note(author, text=f"you {FLAG}", **kwargs) -> tuple[Note, Case]:
    note = factories.make_note(author, title="note", body=text, images=0, **kwargs)
    return note, Case.objects.get(kind=Kind.NOTE, object_id=note.pk, state=Case.State.OPEN)


def err(fn, **kwargs) -> RedleafError:
    with pytest.raises(RedleafError) as info:
        fn(**kwargs)
    return info.value


# --- routing and claims -------------------------------------------------------------------------
def test_cases_go_to_moderators_who_read_their_language(mod_zh, mod_en, mod_both):
    writer = factories.make_user("writer")
    zh_note, zh_case = held_note(writer, f"你这个 {FLAG} 真讨厌，别再发了")
    en_note, en_case = held_note(writer, f"you are a {FLAG} and everyone knows it")
    mixed_note, mixed_case = held_note(writer, f"今天的 {FLAG} 真的 really annoying, I hate this 人")

    def ids(mod):
        return {c.pk for c in selectors.queue(moderator=mod).items}

    assert zh_case.languages == ["zh"] and en_case.languages == ["en"]
    assert set(mixed_case.languages) == {"zh", "en"}
    assert ids(mod_zh) == {zh_case.pk, mixed_case.pk}
    assert ids(mod_en) == {en_case.pk, mixed_case.pk}
    assert ids(mod_both) == {zh_case.pk, en_case.pk, mixed_case.pk}
    e = err(services.case_decide, case_id=zh_case.pk, moderator=mod_en, action="approve")
    assert (e.status, e.code) == (403, "case_outside_languages")
    e = err(selectors.case_get, moderator=mod_en, case_id=zh_case.pk)
    assert e.status == 404


def test_the_queue_orders_by_priority_risk_and_reach(mod_both):
    quiet = factories.make_user("quiet")
    loud = factories.make_user("loud")
    User.objects.filter(pk=loud.pk).update(followers_count=5000)
    loud.refresh_from_db()
    _n1, low = held_note(quiet)
    _n2, wide = held_note(loud)
    Term.objects.create(rule_id="harassment", lang="", value="snarfwizzle", score=0.95)
    _n3, high = held_note(quiet, "snarfwizzle")
    order = [c.pk for c in selectors.queue(moderator=mod_both).items]
    assert order == [high.pk, wide.pk, low.pk]


def test_a_claimed_case_cannot_be_taken_or_decided_by_another_until_the_claim_lapses(mod_both, settings):
    other = make_moderator("other_mod", ["zh", "en"])
    note, case = held_note(factories.make_user("writer"))
    services.case_claim(case_id=case.pk, moderator=mod_both)
    e = err(services.case_claim, case_id=case.pk, moderator=other)
    assert (e.status, e.code) == (409, "case_claimed")
    e = err(services.case_decide, case_id=case.pk, moderator=other, action="approve")
    assert (e.status, e.code) == (409, "case_claimed")
    Case.objects.filter(pk=case.pk).update(claimed_at=timezone.now() - timedelta(minutes=settings.MODERATION_CLAIM_MINUTES + 1))
    services.case_claim(case_id=case.pk, moderator=other)
    services.case_decide(case_id=case.pk, moderator=other, action="approve")
    e = err(services.case_decide, case_id=case.pk, moderator=mod_both, action="approve")
    assert (e.status, e.code) == (409, "case_decided")


def test_only_moderators_decide_and_never_about_their_own_content(mod_both, alex):
    note, case = held_note(alex)
    e = err(services.case_claim, case_id=case.pk, moderator=alex)
    assert (e.status, e.code) == (403, "not_moderator")
    own_note, own_case = held_note(mod_both)
    e = err(services.case_decide, case_id=own_case.pk, moderator=mod_both, action="approve")
    assert (e.status, e.code) == (403, "own_case")
    assert own_case.pk not in {c.pk for c in selectors.queue(moderator=mod_both).items}


def test_bad_decisions_are_clear_errors_and_change_nothing(mod_both):
    note, case = held_note(factories.make_user("writer"))
    assert err(services.case_decide, case_id=case.pk, moderator=mod_both, action="remove").code == "rule_required"
    assert err(services.case_decide, case_id=case.pk, moderator=mod_both, action="remove",
               rule_id="nope").code == "unknown_rule"
    assert err(services.case_decide, case_id=case.pk, moderator=mod_both, action="explode").code == "bad_action"
    assert err(services.case_decide, case_id="abc", moderator=mod_both, action="approve").status == 404
    assert err(services.case_decide, case_id=case.pk, moderator=mod_both, action="approve",
               account_action="banish").code == "bad_account_action"
    comment_case_note = factories.make_note(factories.make_user("host"), title="host")
    comment = engagement_services.comment_create(author=factories.make_user("commenter"), note=comment_case_note,
                                                 text=f"{FLAG}!")
    ccase = Case.objects.get(kind=Kind.COMMENT, object_id=comment.pk)
    assert err(services.case_decide, case_id=ccase.pk, moderator=mod_both, action="limit",
               rule_id="harassment").code == "action_not_for_kind"
    note.refresh_from_db()
    assert note.state == NoteState.PENDING
    assert Case.objects.get(pk=case.pk).state == Case.State.OPEN


# --- what decisions do --------------------------------------------------------------------------
def test_approve_publishes_at_once_and_the_case_closes(mod_both, alex):
    writer = factories.make_user("writer")
    note, case = held_note(writer)
    services.case_decide(case_id=case.pk, moderator=mod_both, action="approve")
    note.refresh_from_db()
    writer.refresh_from_db()
    assert note.state == NoteState.PUBLISHED and writer.notes_count == 1
    assert note.pk in [n.pk for n in note_selectors.feed_explore(viewer=alex).items]
    assert Case.objects.get(pk=case.pk).state == Case.State.DECIDED
    assert not Statement.objects.exists()  # nothing was restricted: nothing to explain
    assert AuditEntry.objects.filter(actor=mod_both, action="decide:approve", case=case).exists()


def test_remove_rejects_sends_a_statement_of_reasons_and_a_strike(mod_both, real_trust):
    writer = factories.make_user("writer")
    note, case = held_note(writer)
    services.case_decide(case_id=case.pk, moderator=mod_both, action="remove", rule_id="harassment",
                         reason="Insults another member by name.")
    note.refresh_from_db()
    assert note.state == NoteState.REJECTED
    statement = Statement.objects.get(user=writer)
    assert statement.rule_id == "harassment" and statement.action == "remove"
    assert statement.facts == "Insults another member by name."
    assert statement.automated_detection and not statement.automated_decision
    assert statement.excerpt.startswith("note")
    assert abs((statement.appeal_until - statement.created_at) - timedelta(days=183)) < timedelta(seconds=5)
    assert Strike.objects.filter(user=writer, lifted_at__isnull=True).count() == 1
    assert trust.level(writer) == "struck"


def test_removing_a_published_note_uncounts_it_and_hides_it_everywhere(mod_both, alex):
    writer = factories.make_user("writer")
    note = factories.make_note(writer, title="#cats fine at first", images=0)
    report = services.report_create(reporter=alex, kind=Kind.NOTE, object_id=note.pk, rule_id="harassment")
    services.case_decide(case_id=report.case_id, moderator=mod_both, action="remove", rule_id="harassment")
    note.refresh_from_db()
    writer.refresh_from_db()
    assert note.state == NoteState.REMOVED and writer.notes_count == 0
    assert err(note_selectors.note_get, viewer=writer, note_id=note.pk).status == 404
    assert Report.objects.get(pk=report.pk).outcome == "remove"


def test_limit_keeps_a_note_for_followers_and_the_profile_but_not_recommended(mod_both, alex, mei):
    from redleaf.accounts import services as account_services

    account_services.follow_create(follower=alex, followee=mei)
    Term.objects.create(rule_id="flaunting_wealth", lang="", value="blingblingbling", score=0.8)
    note, case = held_note(mei, "my blingblingbling haul #shopping")
    assert case.proposed_action == "limit"
    services.case_decide(case_id=case.pk, moderator=mod_both, action="limit", rule_id="flaunting_wealth")
    note.refresh_from_db()
    assert note.state == NoteState.PUBLISHED and note.limited and note.label_rule == "flaunting_wealth"
    assert note.pk not in [n.pk for n in note_selectors.feed_explore(viewer=alex).items]
    topic = note_selectors.topic_get(name="shopping")
    assert note.pk not in [n.pk for n in note_selectors.topic_notes(viewer=alex, topic=topic).items]
    assert note.pk in [n.pk for n in note_selectors.feed_following(viewer=alex).items]
    assert note.pk in [n.pk for n in note_selectors.user_notes(viewer=alex, author=mei).items]
    assert Statement.objects.get(user=mei).action == "limit"


def test_label_publishes_with_the_rules_label(mod_both):
    writer = factories.make_user("writer")
    note, case = held_note(writer)
    services.case_decide(case_id=case.pk, moderator=mod_both, action="label", rule_id="undisclosed_ads")
    note.refresh_from_db()
    assert note.state == NoteState.PUBLISHED and not note.limited and note.label_rule == "undisclosed_ads"


def test_escalate_sends_the_case_back_at_high_priority_for_someone_else(mod_both):
    other = make_moderator("other_mod", ["en", "zh"])
    note, case = held_note(factories.make_user("writer"))
    services.case_claim(case_id=case.pk, moderator=mod_both)
    services.case_decide(case_id=case.pk, moderator=mod_both, action="escalate", reason="Not sure: satire?")
    case.refresh_from_db()
    assert case.state == Case.State.OPEN and case.priority == Case.Priority.HIGH and case.claimed_by is None
    assert case.pk not in {c.pk for c in selectors.queue(moderator=mod_both).items}
    services.case_decide(case_id=case.pk, moderator=other, action="approve")


def test_comment_and_profile_decisions(mod_both, mei, alex):
    note = factories.make_note(mei, title="cake")
    comment = engagement_services.comment_create(author=alex, note=note, text=f"{FLAG}!!")
    ccase = Case.objects.get(kind=Kind.COMMENT, object_id=comment.pk)
    services.case_decide(case_id=ccase.pk, moderator=mod_both, action="approve")
    comment.refresh_from_db()
    note.refresh_from_db()
    assert comment.state == CommentState.PUBLISHED and note.comments_count == 1
    report = services.report_create(reporter=mei, kind=Kind.COMMENT, object_id=comment.pk, rule_id="harassment")
    services.case_decide(case_id=report.case_id, moderator=mod_both, action="remove", rule_id="harassment")
    comment.refresh_from_db()
    note.refresh_from_db()
    assert comment.state == CommentState.REMOVED and note.comments_count == 0

    from redleaf.accounts import services as account_services
    from redleaf.moderation.models import ProfileChange

    account_services.profile_update(user=alex, display_name=f"{FLAG} king")
    change = ProfileChange.objects.get(user=alex, state="pending")
    pcase = Case.objects.get(kind=Kind.PROFILE, object_id=change.pk)
    services.case_decide(case_id=pcase.pk, moderator=mod_both, action="remove", rule_id="harassment")
    alex.refresh_from_db()
    assert alex.display_name == "Alex"
    assert ProfileChange.objects.get(pk=change.pk).state == "rejected"


def test_account_actions_restrict_and_suspend(mod_both, alex, mei):
    report = services.report_create(reporter=mei, kind=Kind.ACCOUNT, object_id="alex", rule_id="scam_spam",
                                    text="Sends everyone links to a fake shop.")
    case = report.case
    assert case.kind == Kind.ACCOUNT and case.object_id == alex.pk
    services.case_decide(case_id=case.pk, moderator=mod_both, action="approve", rule_id="scam_spam",
                         account_action="restrict")
    alex.refresh_from_db()
    assert alex.posting_restricted_until > timezone.now()
    e = err(factories.make_note, author=alex, title="more links")
    assert (e.status, e.code) == (403, "posting_restricted")
    note = factories.make_note(mei, title="hi")
    assert err(engagement_services.comment_create, author=alex, note=note, text="hi").code == "posting_restricted"
    assert Statement.objects.get(user=alex).account_action == "restrict"
    report2 = services.report_create(reporter=mei, kind=Kind.ACCOUNT, object_id="alex", rule_id="scam_spam")
    services.case_decide(case_id=report2.case_id, moderator=mod_both, action="approve", rule_id="scam_spam",
                         account_action="suspend")
    alex.refresh_from_db()
    assert not alex.is_active


# --- reports -------------------------------------------------------------------------------------
def test_reports_on_one_item_join_one_case_and_reporters_learn_the_outcome(mod_both, mei, alex):
    writer = factories.make_user("writer")
    note = factories.make_note(writer, title="ok note", images=0)
    r1 = services.report_create(reporter=mei, kind="note", object_id=note.pk, rule_id="harassment", text="rude")
    r2 = services.report_create(reporter=alex, kind="note", object_id=str(note.pk), rule_id="hate")
    assert r1.case_id == r2.case_id
    assert Case.objects.filter(kind=Kind.NOTE, object_id=note.pk).count() == 1
    e = err(services.report_create, reporter=mei, kind="note", object_id=note.pk, rule_id="hate")
    assert (e.status, e.code) == (409, "already_reported")
    services.case_decide(case_id=r1.case_id, moderator=mod_both, action="approve")
    assert {r.outcome for r in selectors.reports_of(user=mei)} == {"approve"}


def test_bad_reports_are_clear_errors(mei, alex):
    note = factories.make_note(mei, title="mine", images=0)
    private = factories.make_note(mei, title="private", images=0, audience="only_me")
    assert err(services.report_create, reporter=mei, kind="note", object_id=note.pk,
               rule_id="hate").code == "report_self"
    assert err(services.report_create, reporter=alex, kind="note", object_id=private.pk,
               rule_id="hate").status == 404
    assert err(services.report_create, reporter=alex, kind="note", object_id="nope", rule_id="hate").status == 404
    assert err(services.report_create, reporter=alex, kind="note", object_id=note.pk,
               rule_id="made_up").code == "unknown_rule"
    assert err(services.report_create, reporter=alex, kind="note", object_id=note.pk,
               rule_id="").code == "rule_required"
    assert err(services.report_create, reporter=alex, kind="note", object_id=note.pk, rule_id="hate",
               text="x" * 1001).code == "report_too_long"
    assert err(services.report_create, reporter=alex, kind="board", object_id=1, rule_id="hate").code == "bad_kind"
    assert not Report.objects.exists()


# --- appeals -------------------------------------------------------------------------------------
def _removed(writer, moderator):
    note, case = held_note(writer)
    services.case_decide(case_id=case.pk, moderator=moderator, action="remove", rule_id="harassment",
                         reason="insult")
    return note, Statement.objects.get(user=writer, object_id=note.pk)


def test_an_appeal_is_decided_by_a_different_moderator_and_can_restore(mod_both, real_trust):
    other = make_moderator("other_mod", ["zh", "en"])
    writer = factories.make_user("writer")
    note, statement = _removed(writer, mod_both)
    appeal = services.appeal_create(user=writer, statement_id=statement.pk, text="It was a quote from a film.")
    case = Case.objects.get(appeal=appeal)
    assert case.reason == Case.Reason.APPEAL and list(case.excluded.all()) == [mod_both]
    assert case.pk not in {c.pk for c in selectors.queue(moderator=mod_both).items}
    e = err(services.case_decide, case_id=case.pk, moderator=mod_both, action="restore")
    assert (e.status, e.code) == (403, "decided_before")
    services.case_decide(case_id=case.pk, moderator=other, action="restore", reason="Quote, in context.")
    note.refresh_from_db()
    appeal.refresh_from_db()
    assert note.state == NoteState.PUBLISHED and appeal.state == Appeal.State.REVERSED
    assert not Strike.objects.filter(user=writer, lifted_at__isnull=True).exists()
    e = err(services.appeal_create, user=writer, statement_id=statement.pk, text="again")
    assert (e.status, e.code) == (409, "already_appealed")


def test_an_upheld_appeal_changes_nothing(mod_both):
    other = make_moderator("other_mod", ["zh", "en"])
    writer = factories.make_user("writer")
    note, statement = _removed(writer, mod_both)
    appeal = services.appeal_create(user=writer, statement_id=statement.pk, text="Please look again")
    services.case_decide(case_id=Case.objects.get(appeal=appeal).pk, moderator=other, action="uphold")
    note.refresh_from_db()
    appeal.refresh_from_db()
    assert note.state == NoteState.REJECTED and appeal.state == Appeal.State.UPHELD


def test_appeals_past_the_window_or_by_someone_else_or_empty_are_refused(mod_both, alex):
    writer = factories.make_user("writer")
    _note, statement = _removed(writer, mod_both)
    assert err(services.appeal_create, user=alex, statement_id=statement.pk, text="mine?").status == 404
    assert err(services.appeal_create, user=writer, statement_id=statement.pk, text="  ").code == "appeal_empty"
    Statement.objects.filter(pk=statement.pk).update(appeal_until=timezone.now() - timedelta(seconds=1))
    e = err(services.appeal_create, user=writer, statement_id=statement.pk, text="late")
    assert (e.status, e.code) == (410, "appeal_window_closed")
    assert not Appeal.objects.exists()


def test_a_case_whose_item_was_deleted_closes_cleanly(mod_both):
    writer = factories.make_user("writer")
    note, case = held_note(writer)
    note_services.note_delete(note=note, actor=writer)
    e = err(services.case_decide, case_id=case.pk, moderator=mod_both, action="approve")
    assert (e.status, e.code) == (409, "item_gone")
    assert Case.objects.get(pk=case.pk).state == Case.State.DECIDED


def test_transparency_counts_decisions(mod_both):
    writer = factories.make_user("writer")
    _removed(writer, mod_both)
    _n, case = held_note(writer)
    services.case_decide(case_id=case.pk, moderator=mod_both, action="approve")
    figures = selectors.transparency()
    assert figures["decisions"] == 2
    assert figures["by_action"] == {"remove": 1, "approve": 1}
    assert [(rule.id, n) for rule, n in figures["by_rule"]] == [("harassment", 1)]
    assert figures["automated_detection"] == 2
    assert figures["median_hours_to_decision"] is not None


def test_comments_count_stays_right_through_review(mod_both, mei, alex):
    note = factories.make_note(mei, title="thread")
    root = engagement_services.comment_create(author=alex, note=note, text="first!")
    engagement_services.comment_create(author=mei, note=note, text="thanks", reply_to=root)
    note.refresh_from_db()
    assert note.comments_count == 2
    report = services.report_create(reporter=mei, kind="comment", object_id=root.pk, rule_id="scam_spam")
    services.case_decide(case_id=report.case_id, moderator=mod_both, action="remove", rule_id="scam_spam")
    note.refresh_from_db()
    assert note.comments_count == 0  # the root and the reply it carried
    assert Comment.objects.filter(note=note).count() == 2  # nothing deleted: an appeal can restore it
