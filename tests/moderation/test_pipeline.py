"""The release decision, end to end through the real services and checks: who publishes at once, what
waits, what a flag does to counts and visibility, and that nothing is ever deleted by automation.
Terms are added the way an operator adds them (rows in the database), so these tests do not depend on
the shipped lists; the lists have their own tests."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from redleaf.accounts import services as account_services
from redleaf.core.errors import RedleafError
from redleaf.engagement import selectors as engagement_selectors
from redleaf.engagement import services as engagement_services
from redleaf.engagement.models import CommentState
from redleaf.moderation import services, trust
from redleaf.moderation.models import AuditEntry, Case, Kind, ProfileChange, Rule, Screening, Term
from redleaf.notes import selectors as note_selectors
from redleaf.notes import services as note_services
from redleaf.notes.models import Note, NoteState, Topic
from tests import factories
from tests.moderation.conftest import make_trusted

pytestmark = pytest.mark.django_db

FLAG = "zorbleflax"  # an operator's term, score 0.7: holds the item
CLEAR = "snarfwizzle"  # score 0.95: a clear violation, first in the queue


@pytest.fixture(autouse=True)
def operator_terms(db):
    Term.objects.create(rule_id="harassment", lang="", value=FLAG, score=0.7)
    Term.objects.create(rule_id="harassment", lang="", value=CLEAR, score=0.95)
    Term.objects.create(rule_id="flaunting_wealth", lang="", value="blingblingbling", score=0.8)


def test_the_shipped_guidelines_are_installed_with_every_rule():
    ids = set(Rule.objects.values_list("id", flat=True))
    assert {"harassment", "hate", "health_misinformation", "sexual", "violence_self_harm", "scam_spam",
            "undisclosed_ads", "flaunting_wealth", "privacy", "illegal_goods"} <= ids
    assert Rule.objects.get(pk="flaunting_wealth").default_action == "limit"
    assert Rule.objects.get(pk="undisclosed_ads").default_action == "label"


def test_a_trusted_members_clean_note_publishes_at_once_and_records_its_screening(real_trust):
    mei = make_trusted("mei", language="zh-hans", languages=["zh"])
    note = factories.make_note(mei, title="周末的红烧肉", body="肥而不腻，配方在图里 #家常菜")
    note.refresh_from_db()
    assert note.state == NoteState.PUBLISHED
    screening = Screening.objects.get(kind=Kind.NOTE, object_id=note.pk)
    assert screening.status == "done" and screening.action == "allow"
    assert screening.languages == ["zh"]
    assert note.languages == ["zh"]
    assert AuditEntry.objects.filter(action="released", object_id=note.pk, actor=None).exists()
    assert not Case.objects.exists()


def test_a_new_members_clean_note_waits_for_a_person_and_only_they_see_it(real_trust, alex):
    newbie = factories.make_user("newbie", language="en", languages=["en"])
    note = factories.make_note(newbie, title="Hello Redleaf", body="My first bake: sourdough!")
    note.refresh_from_db()
    assert note.state == NoteState.PENDING
    case = Case.objects.get(kind=Kind.NOTE, object_id=note.pk)
    assert case.reason == Case.Reason.NEW_ACCOUNT and case.state == Case.State.OPEN
    assert case.languages == ["en"] and case.lang_en and not case.lang_zh
    assert note_selectors.note_get(viewer=newbie, note_id=note.pk).state == NoteState.PENDING
    with pytest.raises(RedleafError) as err:
        note_selectors.note_get(viewer=alex, note_id=note.pk)
    assert err.value.status == 404
    assert note.pk not in [n.pk for n in note_selectors.feed_explore(viewer=alex).items]
    assert trust.level(newbie) == "new"


def test_a_flagged_note_waits_whoever_posts_it(real_trust):
    mei = make_trusted("mei", language="zh-hans", languages=["zh"])
    note = factories.make_note(mei, title="评论区", body=f"你这个 {FLAG} 滚出去")
    note.refresh_from_db()
    assert note.state == NoteState.PENDING
    case = Case.objects.get(kind=Kind.NOTE, object_id=note.pk)
    assert case.reason == Case.Reason.FLAGGED and case.priority == Case.Priority.NORMAL
    assert case.proposed_action == "hold" and case.proposed_rules[0] == "harassment"
    signals = case.screening.signals
    assert any(s["check"] in ("terms", "pattern") and s["rule"] == "harassment" and s["score"] >= 0.7
               for s in signals), signals


def test_a_clear_violation_is_held_at_high_priority_never_deleted():
    mei = factories.make_user("mei", language="zh-hans", languages=["zh"])
    note = factories.make_note(mei, title="x", body=f"{CLEAR} {CLEAR}")
    note.refresh_from_db()
    assert note.state == NoteState.PENDING  # held, not deleted
    case = Case.objects.get(kind=Kind.NOTE, object_id=note.pk)
    assert case.priority == Case.Priority.HIGH and case.proposed_action == "remove"


def test_evasions_of_an_operator_term_are_caught():
    mei = factories.make_user("mei")
    for text in ("Z o r b l e f l a x", "z.o.r.b.l.e.f.l.a.x", "ＺＯＲＢＬＥＦＬＡＸ", "zorbleflaaaax"):
        note = factories.make_note(mei, title="t", body=f"you {text}", images=0)
        note.refresh_from_db()
        assert note.state == NoteState.PENDING, text


def test_a_failed_check_holds_the_item_for_a_person(settings):
    settings.MODERATION_SCREEN_IN = "worker"  # checked later, by the worker (run by hand here)
    mei = factories.make_user("mei")
    note = factories.make_note(mei, title="a picture", images=1)
    assert note.state == NoteState.PENDING
    # The picture's file disappears before the check (a storage fault): the check cannot read it.
    for variant in note.cover.variants.values():
        default_storage.delete(variant["path"])
    queued = Screening.objects.get(kind=Kind.NOTE, object_id=note.pk, status="queued")
    services.screening_run(screening_id=queued.pk)
    note.refresh_from_db()
    assert note.state == NoteState.PENDING  # never published unchecked
    screening = Screening.objects.filter(kind=Kind.NOTE, object_id=note.pk).latest("id")
    assert screening.status == "failed"
    assert Case.objects.get(kind=Kind.NOTE, object_id=note.pk).reason == Case.Reason.CHECK_FAILED


def test_a_flagged_edit_takes_a_published_note_back_under_review_and_uncounts_it():
    mei = factories.make_user("mei")
    note = factories.make_note(mei, title="#cats nap", body="so sleepy")
    mei.refresh_from_db()
    topic = Topic.objects.get(key="cats")
    assert (mei.notes_count, topic.notes_count) == (1, 1)
    note_services.note_update(note=note, actor=mei, body=f"so {FLAG}")
    note.refresh_from_db()
    mei.refresh_from_db()
    topic.refresh_from_db()
    assert note.state == NoteState.PENDING
    assert (mei.notes_count, topic.notes_count) == (0, 0)


def test_a_flagged_comment_waits_seen_only_by_its_author_and_uncounted(mei, alex):
    note = factories.make_note(mei, title="cake")
    comment = engagement_services.comment_create(author=alex, note=note, text=f"you {FLAG}")
    assert comment.state == CommentState.PENDING
    note.refresh_from_db()
    assert note.comments_count == 0
    assert [c.pk for c in engagement_selectors.comments_page(viewer=alex, note=note).items] == [comment.pk]
    assert engagement_selectors.comments_page(viewer=mei, note=note).items == []
    assert engagement_selectors.comments_page(viewer=None, note=note).items == []
    clean = engagement_services.comment_create(author=alex, note=note, text="Looks delicious!")
    assert clean.state == CommentState.PUBLISHED
    note.refresh_from_db()
    assert note.comments_count == 1


def test_a_flagged_profile_change_waits_and_the_old_profile_stays(mei):
    assert mei.display_name == "小美"
    user = account_services.profile_update(user=mei, display_name=f"{FLAG} girl", bio="hi")
    assert user.profile_held
    mei.refresh_from_db()
    assert mei.display_name == "小美" and mei.bio == ""
    change = ProfileChange.objects.get(user=mei, state=ProfileChange.State.PENDING)
    assert change.display_name == f"{FLAG} girl"
    assert Case.objects.get(kind=Kind.PROFILE, object_id=change.pk).reason == Case.Reason.FLAGGED
    clean = account_services.profile_update(user=mei, bio="爱做饭")  # a clean bio alone still waits with it
    assert clean.profile_held


def test_a_clean_profile_change_applies_at_once(alex):
    user = account_services.profile_update(user=alex, display_name="Alex B", bio="Baker in Leeds")
    assert not user.profile_held
    alex.refresh_from_db()
    assert (alex.display_name, alex.bio) == ("Alex B", "Baker in Leeds")


def test_a_username_the_checks_flag_is_refused_at_sign_up():
    with pytest.raises(RedleafError) as err:
        factories.make_user(f"{FLAG}_99")
    assert err.value.code == "username_not_allowed"


def test_an_edited_pending_note_is_checked_again_and_the_case_stays_one(real_trust):
    newbie = factories.make_user("newbie")
    note = factories.make_note(newbie, title="first", images=0)
    note_services.note_update(note=note, actor=newbie, body=f"now {FLAG}")
    assert Case.objects.filter(kind=Kind.NOTE, object_id=note.pk).count() == 1
    case = Case.objects.get(kind=Kind.NOTE, object_id=note.pk)
    assert case.proposed_action == "hold"
    assert Screening.objects.filter(kind=Kind.NOTE, object_id=note.pk).count() == 2


def test_screenings_resume_requeues_unfinished_ones(settings, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.MODERATION_SCREEN_IN = "worker"
    mei = factories.make_user("mei")
    with django_capture_on_commit_callbacks(execute=False):  # the enqueue is lost, as if the worker died
        note = factories.make_note(mei, title="t", images=0)
    assert Note.objects.get(pk=note.pk).state == NoteState.PENDING
    assert services.screenings_resume() == 1
    assert DBTaskResult.objects.filter(task_path__endswith="screen_item").count() == 1
