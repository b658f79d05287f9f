"""Decisions stand for what they decided, and nothing slips past review through another door: an appeal
is its own case (it never decides a later flag), a rejected note edited is checked again, escalating an
appeal keeps the first decider out, dismissing a report leaves an earlier limit standing, a superseded
profile change's case closes, a suspended member can still read why and appeal (and their comments are
hidden and uncounted), moderators do not see cases or audit entries about their own content, counts stay
true when replies and roots come and go, and the transparency page counts rules applied."""

from __future__ import annotations

import pytest

from redleaf.accounts import services as account_services
from redleaf.core.errors import RedleafError
from redleaf.engagement import services as engagement_services
from redleaf.engagement.models import Comment, CommentState
from redleaf.moderation import selectors, services
from redleaf.moderation.models import Case, Kind, ProfileChange, Report, Statement, Term
from redleaf.notes import selectors as note_selectors
from redleaf.notes import services as note_services
from redleaf.notes.models import Note, NoteState
from tests import factories
from tests.moderation.conftest import make_moderator, make_trusted

pytestmark = pytest.mark.django_db

FLAG = "zorbleflax"


@pytest.fixture(autouse=True)
def operator_terms(db):
    Term.objects.create(rule_id="harassment", lang="", value=FLAG, score=0.7)
    Term.objects.create(rule_id="flaunting_wealth", lang="", value="blingblingbling", score=0.8)


def open_case(note) -> Case:
    return Case.objects.get(kind=Kind.NOTE, object_id=note.pk, state=Case.State.OPEN, appeal__isnull=True)


def err(fn, **kwargs) -> RedleafError:
    with pytest.raises(RedleafError) as info:
        fn(**kwargs)
    return info.value


def test_an_appeal_never_decides_a_later_flag_on_the_same_note(mod_both, real_trust, alex):
    other = make_moderator("other_mod", ["zh", "en"])
    writer = make_trusted("writer")
    note = factories.make_note(writer, title="my blingblingbling haul", images=0)
    services.case_decide(case_id=open_case(note).pk, moderator=mod_both, action="limit", rule_id="flaunting_wealth")
    note_services.note_update(note=note, actor=writer, body=f"you {FLAG}s, all of you")  # flagged edit
    note.refresh_from_db()
    flag = open_case(note)
    assert note.state == NoteState.PENDING and flag.reason == Case.Reason.FLAGGED
    statement = Statement.objects.get(user=writer, object_id=note.pk)
    services.appeal_create(user=writer, statement_id=statement.pk, text="A budget haul, not flaunting.")
    appeal_case = Case.objects.get(appeal__statement=statement)
    assert appeal_case.pk != flag.pk and open_case(note).pk == flag.pk  # two cases, each its own
    services.case_decide(case_id=appeal_case.pk, moderator=other, action="restore")
    note.refresh_from_db()
    assert note.state == NoteState.PENDING and not note.limited  # the limit is lifted, the flag still waits
    assert err(note_selectors.note_get, viewer=alex, note_id=note.pk).status == 404
    flag.refresh_from_db()
    assert flag.state == Case.State.OPEN
    services.case_decide(case_id=flag.pk, moderator=other, action="remove", rule_id="harassment")
    note.refresh_from_db()
    assert note.state == NoteState.REJECTED


def test_upholding_an_appeal_leaves_a_later_flag_waiting_for_its_own_decision(mod_both, real_trust):
    other = make_moderator("other_mod", ["zh", "en"])
    writer = make_trusted("writer")
    note = factories.make_note(writer, title="my blingblingbling haul", images=0)
    services.case_decide(case_id=open_case(note).pk, moderator=mod_both, action="limit", rule_id="flaunting_wealth")
    note_services.note_update(note=note, actor=writer, body=f"{FLAG}")
    statement = Statement.objects.get(user=writer, object_id=note.pk)
    services.appeal_create(user=writer, statement_id=statement.pk, text="Please look again.")
    services.case_decide(case_id=Case.objects.get(appeal__statement=statement).pk, moderator=other, action="uphold")
    assert open_case(note).reason == Case.Reason.FLAGGED  # not stuck: someone will decide it


def test_a_rejected_note_edited_is_checked_again_and_an_appeal_never_publishes_the_unchecked_text(
        mod_both, real_trust, alex):
    other = make_moderator("other_mod", ["zh", "en"])
    writer = make_trusted("writer")
    note = factories.make_note(writer, title="hi", body=f"you {FLAG}", images=0)
    services.case_decide(case_id=open_case(note).pk, moderator=mod_both, action="remove", rule_id="harassment")
    note.refresh_from_db()
    assert note.state == NoteState.REJECTED
    note_services.note_update(note=note, actor=writer, body=f"still {FLAG}, earn $500 a day")
    note.refresh_from_db()
    assert note.state == NoteState.PENDING and open_case(note).reason == Case.Reason.FLAGGED
    statement = Statement.objects.get(user=writer, object_id=note.pk)
    services.appeal_create(user=writer, statement_id=statement.pk, text="It was fine.")
    services.case_decide(case_id=Case.objects.get(appeal__statement=statement).pk, moderator=other, action="restore")
    note.refresh_from_db()
    assert note.state == NoteState.PENDING  # the new text waits for its own decision
    assert err(note_selectors.note_get, viewer=alex, note_id=note.pk).status == 404


def test_a_rejected_note_fixed_by_its_author_goes_back_to_a_person(mod_both, real_trust):
    writer = make_trusted("writer")
    note = factories.make_note(writer, title="hi", body=f"you {FLAG}", images=0)
    services.case_decide(case_id=open_case(note).pk, moderator=mod_both, action="remove", rule_id="harassment")
    note_services.note_update(note=note, actor=writer, body="Sorry, here is the recipe instead.")
    note.refresh_from_db()
    case = open_case(note)
    assert note.state == NoteState.PENDING and case.reason == Case.Reason.RECENT_STRIKE  # clean, but struck
    services.case_decide(case_id=case.pk, moderator=mod_both, action="approve")
    note.refresh_from_db()
    assert note.state == NoteState.PUBLISHED


def test_the_moderator_who_decided_stays_out_of_the_appeal_after_an_escalation(mod_both):
    second = make_moderator("second_mod", ["zh", "en"])
    third = make_moderator("third_mod", ["zh", "en"])
    writer = factories.make_user("writer")
    note = factories.make_note(writer, title="hi", body=f"you {FLAG}", images=0)
    services.case_decide(case_id=open_case(note).pk, moderator=mod_both, action="remove", rule_id="harassment")
    statement = Statement.objects.get(user=writer)
    services.appeal_create(user=writer, statement_id=statement.pk, text="Context matters.")
    case = Case.objects.get(appeal__statement=statement)
    services.case_decide(case_id=case.pk, moderator=second, action="escalate", reason="Needs a senior look")
    case.refresh_from_db()
    assert case.reason == Case.Reason.APPEAL and case.priority == Case.Priority.HIGH
    for mod in (mod_both, second):
        assert err(services.case_decide, case_id=case.pk, moderator=mod, action="uphold").code == "decided_before"
        assert case.pk not in {c.pk for c in selectors.queue(moderator=mod).items}
    services.case_decide(case_id=case.pk, moderator=third, action="uphold")


def test_dismissing_a_later_report_leaves_an_earlier_limit_standing(mod_both, alex, mei):
    note = factories.make_note(mei, title="my blingblingbling haul #shopping", images=0)
    services.case_decide(case_id=open_case(note).pk, moderator=mod_both, action="limit", rule_id="flaunting_wealth")
    report = services.report_create(reporter=alex, kind=Kind.NOTE, object_id=note.pk, rule_id="scam_spam")
    services.case_decide(case_id=report.case_id, moderator=mod_both, action="approve", reason="Not a scam")
    note.refresh_from_db()
    assert note.limited and note.label_rule == "flaunting_wealth"
    assert note.pk not in [n.pk for n in note_selectors.feed_explore(viewer=alex).items]


def test_a_profile_change_made_again_closes_the_case_of_the_one_it_replaces(mod_both, real_trust):
    newcomer = factories.make_user("newcomer")
    account_services.profile_update(user=newcomer, bio=f"{FLAG} everyone")
    first = ProfileChange.objects.get(user=newcomer, state=ProfileChange.State.PENDING)
    account_services.profile_update(user=newcomer, display_name="New Name")
    cases = Case.objects.filter(kind=Kind.PROFILE, author=newcomer, state=Case.State.OPEN)
    assert cases.count() == 1 and cases.get().object_id != first.pk
    assert Case.objects.get(kind=Kind.PROFILE, object_id=first.pk).state == Case.State.DECIDED


def test_a_suspended_member_can_sign_in_only_to_read_why_and_appeal(client, mod_both, alex):
    writer = factories.make_user("writer", language="en")
    report = services.report_create(reporter=alex, kind=Kind.ACCOUNT, object_id="writer", rule_id="scam_spam")
    services.case_decide(case_id=report.case_id, moderator=mod_both, action="approve", rule_id="scam_spam",
                         account_action="suspend", reason="Selling followers")
    statement = Statement.objects.get(user=writer)
    response = client.post("/login", {"username": "writer", "password": factories.PASSWORD})
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 302 and home["Location"] == "/settings/decisions"
    page = client.get("/settings/decisions")
    assert "Your account is suspended" in page.content.decode()
    assert client.post("/notes/new", {"title": "still here?"}).status_code == 302
    assert not Note.objects.filter(author=writer).exists()
    response = client.post(f"/settings/decisions/{statement.pk}", {"text": "I never sold anything."})
    assert response.status_code == 302
    assert Case.objects.filter(appeal__statement=statement, state=Case.State.OPEN).exists()
    token = client.post("/api/v1/auth/token", {"username": "writer", "password": factories.PASSWORD},
                        content_type="application/json").json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/v1/statements", **auth).status_code == 200
    blocked = client.get("/api/v1/feed/explore", **auth)
    assert blocked.status_code == 403 and blocked.json()["error"]["code"] == "account_suspended"


def test_a_suspended_members_comments_leave_every_thread_and_the_count(mod_both, alex, mei):
    note = factories.make_note(mei, title="Dumplings", images=0)
    engagement_services.comment_create(author=alex, note=note, text="Looks great")
    engagement_services.comment_create(author=mei, note=note, text="Thank you!")
    note.refresh_from_db()
    assert note.comments_count == 2
    report = services.report_create(reporter=mei, kind=Kind.ACCOUNT, object_id="alex", rule_id="scam_spam")
    services.case_decide(case_id=report.case_id, moderator=mod_both, action="approve", rule_id="scam_spam",
                         account_action="suspend")
    from redleaf.engagement.selectors import comments_page

    note.refresh_from_db()
    assert [c.text for c in comments_page(viewer=None, note=note).items] == ["Thank you!"]
    assert note.comments_count == 1
    account_services.account_reinstate(user=alex)
    note.refresh_from_db()
    assert note.comments_count == 2


def test_counts_stay_true_when_a_reply_is_approved_under_a_removed_root(mod_both, real_trust):
    other = make_moderator("other_mod", ["zh", "en"])
    author = make_trusted("author")
    root_writer = make_trusted("root_writer")
    note = factories.make_note(author, title="Hot pot", images=0)
    root = engagement_services.comment_create(author=root_writer, note=note, text="So good")
    engagement_services.comment_create(author=author, note=note, text="Thanks!", reply_to=root)
    newcomer = factories.make_user("newcomer")
    pending = engagement_services.comment_create(author=newcomer, note=note, text="Where is it?", reply_to=root)
    assert pending.state == CommentState.PENDING
    report = services.report_create(reporter=author, kind=Kind.COMMENT, object_id=root.pk, rule_id="harassment")
    services.case_decide(case_id=report.case_id, moderator=mod_both, action="remove", rule_id="harassment")
    note.refresh_from_db()
    assert note.comments_count == 0
    services.case_decide(case_id=Case.objects.get(kind=Kind.COMMENT, object_id=pending.pk).pk, moderator=mod_both,
                         action="approve")
    note.refresh_from_db()
    assert note.comments_count == 0  # nothing of that thread shows
    statement = Statement.objects.get(user=root_writer)
    services.appeal_create(user=root_writer, statement_id=statement.pk, text="It was praise.")
    services.case_decide(case_id=Case.objects.get(appeal__statement=statement).pk, moderator=other, action="restore")
    note.refresh_from_db()
    shown = Comment.objects.filter(note=note, state=CommentState.PUBLISHED).count()
    assert note.comments_count == shown == 3


def test_a_moderator_does_not_see_cases_or_audit_entries_about_their_own_content(client, mod_both, alex):
    note = factories.make_note(mod_both, title="My index fund tips", images=0)
    report = services.report_create(reporter=alex, kind=Kind.NOTE, object_id=note.pk, rule_id="scam_spam",
                                    text="shilling")
    assert err(selectors.case_get, moderator=mod_both, case_id=report.case_id).status == 404
    client.force_login(mod_both)
    assert client.get(f"/review/cases/{report.case_id}").status_code == 404
    audit = client.get("/review/audit").content.decode()
    assert "@alex" not in audit and "shilling" not in audit
    other = make_moderator("other_mod", ["zh", "en"])
    client.force_login(other)
    assert "@alex" in client.get("/review/audit").content.decode()


def test_my_reports_show_what_i_reported_not_what_the_item_became(client, alex, mei):
    note = factories.make_note(mei, title="Cheap designer bags", images=0)
    services.report_create(reporter=alex, kind=Kind.NOTE, object_id=note.pk, rule_id="illegal_goods")
    note_services.note_update(note=note, actor=mei, title="PRIVATE: my new address is 12 Elm St",
                              audience="only_me")
    account_services.block_create(blocker=mei, blocked=alex)
    client.force_login(alex)
    page = client.get("/settings/reports").content.decode()
    assert "Cheap designer bags" in page and "12 Elm St" not in page
    assert f"/notes/{note.pk}" not in page  # no link to what alex can no longer see


def test_the_transparency_page_counts_rules_applied_not_rules_named(mod_both, alex):
    other = make_moderator("other_mod", ["zh", "en"])
    writer = factories.make_user("writer")
    note = factories.make_note(writer, title="hi", body=f"you {FLAG}", images=0)
    services.case_decide(case_id=open_case(note).pk, moderator=mod_both, action="remove", rule_id="harassment")
    statement = Statement.objects.get(user=writer)
    services.appeal_create(user=writer, statement_id=statement.pk, text="No.")
    services.case_decide(case_id=Case.objects.get(appeal__statement=statement).pk, moderator=other, action="uphold")
    clean = factories.make_note(factories.make_user("someone"), title="clean", images=0)
    report = services.report_create(reporter=alex, kind=Kind.NOTE, object_id=clean.pk, rule_id="harassment")
    services.case_decide(case_id=report.case_id, moderator=mod_both, action="approve", rule_id="harassment")
    by_rule = {rule.pk: n for rule, n in selectors.transparency()["by_rule"]}
    assert by_rule == {"harassment": 1}
    assert Report.objects.get(pk=report.pk).outcome == "approve"


def test_skipping_goes_through_the_whole_queue_and_puts_skipped_cases_back(client, mod_both):
    writer = factories.make_user("writer")
    notes = [factories.make_note(writer, title=f"n{i}", body=f"{FLAG} {i}", images=0) for i in range(3)]
    cases = [open_case(n).pk for n in notes]
    client.force_login(mod_both)
    seen = [int(client.post("/review/next")["Location"].rsplit("/", 1)[1])]
    for _ in range(2):
        seen.append(int(client.post("/review/next", {"after": seen[-1]})["Location"].rsplit("/", 1)[1]))
    assert seen == cases
    assert Case.objects.filter(claimed_by=mod_both).count() == 1  # only the one on screen
    assert client.post("/review/next", {"after": seen[-1]})["Location"] == "/review"  # only skipped ones left
    assert client.post("/review/next", {"after": "abc"}).status_code == 302  # not a 500
