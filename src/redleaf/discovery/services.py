"""Every write of discovery: interest profiles (learned at once from each action, first built from a
member's history), onboarding answers, the personalisation switch, marks and their undoing, long
views, and serving explore pages (which records what a session has been shown)."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redleaf.accounts.models import User
from redleaf.core.errors import NotFound, RedleafError
from redleaf.core.pagination import Page
from redleaf.discovery import learning, selectors
from redleaf.discovery import weights as W
from redleaf.discovery.models import InterestProfile, Mark, NoteSignals, NoteView

LANGUAGES = ("zh", "en")
MARK_KINDS = {k.value for k in Mark.Kind}


def _member(user) -> bool:
    return user is not None and user.is_authenticated


# --- profiles ------------------------------------------------------------------------------------
def profile_ensure(*, user: User) -> InterestProfile:
    """The member's profile; made on first need from what they already liked, collected and commented
    on (members from before discovery existed get a first page that is already theirs)."""
    profile = selectors.profile_of(user)
    if profile is not None:
        return profile
    profile = _profile_from_history(user)
    try:
        with transaction.atomic():
            profile.save(force_insert=True)
    except IntegrityError:  # made by a racing request
        profile = InterestProfile.objects.get(user=user)
    return profile


def _profile_from_history(user: User) -> InterestProfile:
    from redleaf.engagement.models import Collect, Comment, Like

    profile = InterestProfile(user=user, read_languages=[lang for lang in user.languages or [] if lang in LANGUAGES])
    events: list[tuple[datetime, int, str]] = []
    for model, action, limit in ((Like, "like", W.HISTORY_LIKES), (Collect, "collect", W.HISTORY_COLLECTS)):
        events += [(at, note_id, action) for note_id, at in model.objects.filter(user=user).order_by("-id")
                   .values_list("note_id", "created_at")[:limit]]
    events += [(at, note_id, "comment") for note_id, at in Comment.objects.filter(author=user, state="published")
               .exclude(note__author=user).order_by("-id").values_list("note_id", "created_at")[: W.HISTORY_COMMENTS]]
    if events:
        facts = selectors.note_facts(list({note_id for _at, note_id, _a in events}))
        for at, note_id, action in sorted(events):
            if note_id in facts and facts[note_id].author_id != user.pk:
                learning.apply(profile, facts[note_id], action, at)
    return profile


def _locked_profile(user_id: int) -> InterestProfile:
    """The member's profile, locked until the transaction (the caller's) ends; made if missing."""
    profile = InterestProfile.objects.select_for_update().filter(user_id=user_id).first()
    if profile is None:
        user = User.objects.get(pk=user_id)
        profile_ensure(user=user)
        profile = InterestProfile.objects.select_for_update().get(user_id=user_id)
    return profile


LEARNED_FIELDS = ["topics", "authors", "languages", "recent", "seen", "interactions", "learned_at"]


def interest_learn(*, user_id: int, note_id: int, action: str, at: datetime | None = None) -> InterestProfile | None:
    """A member acted on a note: their profile learns it now, so their next page reflects it.
    Their own notes teach nothing. Returns the profile (None when the note is gone)."""
    if action not in W.ACTIONS:
        raise ValueError(action)
    return _learn(user_id, selectors.note_facts([note_id]).get(note_id), action, at)


def _learn(user_id: int, facts, action: str, at: datetime | None = None) -> InterestProfile | None:
    if facts is None or facts.author_id == user_id:
        return None
    with transaction.atomic():
        profile = _locked_profile(user_id)
        learning.apply(profile, facts, action, at or timezone.now())
        profile.save(update_fields=LEARNED_FIELDS)
    return profile


def profile_reset(*, user: User) -> InterestProfile:
    """Forget what was learned (onboarding answers and marks stay)."""
    with transaction.atomic():
        profile = _locked_profile(user.pk)
        profile.topics, profile.authors, profile.languages = {}, {}, {}
        profile.recent, profile.seen, profile.interactions = [], [], 0
        profile.learned_at = timezone.now()
        names = {t.pk: t.name for t in selectors.topics_named(list(profile.chosen_topics))}
        chosen = [(int(pk), names[int(pk)]) for pk in profile.chosen_topics if int(pk) in names]
        profile.chosen_topics = []  # chosen again, from scratch, so each starts with its onboarding weight
        learning.choose_topics(profile, chosen, profile.learned_at)
        profile.save(update_fields=LEARNED_FIELDS + ["chosen_topics"])
    return profile


# --- onboarding and settings ---------------------------------------------------------------------
def _clean_languages(values, field: str) -> list[str]:
    out = []
    for value in values or []:
        code = str(value or "").strip().lower()
        if code not in LANGUAGES:
            raise RedleafError("unknown_language", _("Unknown language: %(code)s") % {"code": code[:10]}, field=field)
        if code not in out:
            out.append(code)
    return out


def _clean_topics(topic_ids) -> list[tuple[int, str]]:
    ids = []
    for value in topic_ids or []:
        try:
            topic_id = int(value)
        except (TypeError, ValueError):
            raise RedleafError("unknown_topic", _("That topic does not exist."), field="topics") from None
        if not 0 < topic_id < 2**63:
            raise RedleafError("unknown_topic", _("That topic does not exist."), field="topics")
        if topic_id not in ids:
            ids.append(topic_id)
    if len(ids) > 30:
        raise RedleafError("too_many_topics", _("Choose at most 30 topics."), field="topics")
    found = {t.pk: t for t in selectors.topics_named(ids)}
    if len(found) != len(ids):
        raise RedleafError("unknown_topic", _("That topic does not exist."), field="topics")
    return [(t, found[t].name) for t in ids]


def topic_ids_named(names: list[str], *, field: str = "topics") -> list[int]:
    """The ids of topics given by name (the API speaks names), or a 400 naming the first unknown one."""
    from redleaf.core.text import clean_text, topic_key
    from redleaf.notes.models import Topic

    names = [str(n or "").lstrip("#") for n in names or []][:31]
    for name in names:  # a NUL (which PostgreSQL cannot compare) or a name too long for any topic
        if not 0 < len(name) <= 40 or clean_text(name) != name:
            raise RedleafError("unknown_topic", _("No such topic: %(name)s") % {"name": name[:40]}, field=field)
    keys = {topic_key(n): n for n in names}
    found = dict(Topic.objects.filter(key__in=list(keys)).values_list("key", "id"))
    missing = [n for k, n in keys.items() if k not in found]
    if missing:
        raise RedleafError("unknown_topic", _("No such topic: %(name)s") % {"name": missing[0][:40]}, field=field)
    return [found[topic_key(n)] for n in dict.fromkeys(names)]


def topic_id_named(name: str | None) -> int | None:
    return topic_ids_named([name], field="topic")[0] if name else None


def interests_update(*, user: User, topic_ids: list | None = None, read_languages: list | None = None,
                     learning_languages: list | None = None, personalised: bool | None = None,
                     onboarded: bool = False) -> InterestProfile:
    """Onboarding's answers, or the explore settings: interests (topics), the languages the member
    reads and the ones they would like to read more in, and the personalisation switch. Fields left
    None stay as they are; `onboarded` marks onboarding as done (answered or skipped)."""
    topics = _clean_topics(topic_ids) if topic_ids is not None else None
    read = _clean_languages(read_languages, "read_languages") if read_languages is not None else None
    learn = _clean_languages(learning_languages, "learning_languages") if learning_languages is not None else None
    now = timezone.now()
    with transaction.atomic():
        profile = _locked_profile(user.pk)
        fields = []
        if topics is not None:
            learning.choose_topics(profile, topics, now)
            fields += ["chosen_topics", "topics", "learned_at"]
        if read is not None:
            profile.read_languages = read
            fields.append("read_languages")
        if learn is not None:
            profile.learning_languages = [lang for lang in learn if lang not in (read or profile.read_languages)]
            fields.append("learning_languages")
        if personalised is not None:
            profile.personalised = bool(personalised)
            fields.append("personalised")
        if onboarded and profile.onboarded_at is None:
            profile.onboarded_at = now
            fields.append("onboarded_at")
        if fields:
            profile.save(update_fields=fields)
    return profile


# --- marks ---------------------------------------------------------------------------------------
def _mirror(profile: InterestProfile, mark: Mark, add: bool) -> list[str]:
    field, value = {
        Mark.Kind.NOT_INTERESTED: ("hidden_notes", mark.note_id), Mark.Kind.HIDE: ("hidden_notes", mark.note_id),
        Mark.Kind.LESS_AUTHOR: ("less_authors", mark.author_id), Mark.Kind.LESS_TOPIC: ("less_topics", mark.topic_id),
    }[mark.kind]
    values = [v for v in getattr(profile, field) if str(v) != str(value)]
    if add:
        values.insert(0, str(value))
    elif field == "hidden_notes" and Mark.objects.filter(user_id=profile.user_id, note_id=value).exclude(
            pk=mark.pk).exists():
        values.insert(0, str(value))  # still hidden by the member's other mark on it
    setattr(profile, field, values)
    return [field]


def _mark_target(user: User, kind: str, note_id, author_username: str | None, topic_id):
    """The note (which the member must be able to see), author and topic a mark names."""
    from redleaf.accounts.selectors import user_get
    from redleaf.notes.selectors import note_get

    note = note_get(viewer=user, note_id=note_id) if note_id not in (None, "") else None
    author = topic = None
    if kind in (Mark.Kind.NOT_INTERESTED, Mark.Kind.HIDE):
        if note is None:
            raise RedleafError("note_required", _("Say which note."), field="note_id")
        if note.author_id == user.pk:
            raise RedleafError("own_note", _("That is your own note."), field="note_id")
    elif kind == Mark.Kind.LESS_AUTHOR:
        if author_username:
            author = user_get(viewer=user, username=author_username)
        elif note is not None:
            author = note.author
        if author is None:
            raise RedleafError("author_required", _("Say whose notes you want to see less of."), field="author")
        if author.pk == user.pk:
            raise RedleafError("own_account", _("That is you."), field="author")
    else:
        if topic_id not in (None, ""):
            topic = _clean_topics([topic_id])[0]
        elif note is not None:
            first = note.topics.order_by("notetopic__id").first()
            topic = (first.pk, first.name) if first else None
        if topic is None:
            raise RedleafError("topic_required", _("Say which topic you want to see less of."), field="topic")
    return note, author, topic


def mark_create(*, user: User, kind: str, note_id=None, author: str | None = None, topic_id=None) -> Mark:
    """"Not interested" in a note, hide a note, fewer from an author, fewer about a topic. The note
    leaves the member's explore at once and the profile learns from it; a hide also counts against
    the note for everyone (a quality signal). Marking twice is a 409."""
    from redleaf.core.errors import Conflict

    if kind not in MARK_KINDS:
        raise RedleafError("unknown_mark", _("Unknown kind of mark."), field="kind")
    note, target_author, topic = _mark_target(user, kind, note_id, author, topic_id)
    now = timezone.now()
    facts = selectors.facts_of(note) if note is not None else None
    with transaction.atomic():
        profile = _locked_profile(user.pk)
        try:
            with transaction.atomic():
                mark = Mark.objects.create(
                    user=user, kind=kind, note=note if kind in (Mark.Kind.NOT_INTERESTED, Mark.Kind.HIDE) else None,
                    author=target_author, topic_id=topic[0] if topic else None)
        except IntegrityError as exc:
            raise Conflict("already_marked", _("You have already told us that.")) from exc
        mark.note_ref = note  # for the caller's page
        fields = _mirror(profile, mark, add=True)
        learning.apply(profile, facts, kind, now, topic=topic,
                       author_id=target_author.pk if target_author else None)
        profile.save(update_fields=sorted(set(fields + LEARNED_FIELDS)))
        if kind == Mark.Kind.HIDE:
            _count_hide(note.pk, +1)
    return mark


def mark_delete(*, user: User, mark_id) -> Mark:
    """Undo a mark: it is removed, the note or author or topic comes back, what it taught is returned."""
    try:
        pk = int(mark_id)
    except (TypeError, ValueError):
        pk = 0
    mark = Mark.objects.select_related("topic").filter(pk=pk, user=user).first() if 0 < pk < 2**63 else None
    if mark is None:
        raise NotFound("mark_not_found", _("No such mark."))
    facts = selectors.note_facts([mark.note_id]).get(mark.note_id) if mark.note_id else None
    now = timezone.now()
    with transaction.atomic():
        profile = _locked_profile(user.pk)
        mark.delete()
        fields = _mirror(profile, mark, add=False)
        learning.undo(profile, facts, mark.kind, now, topic=(mark.topic_id, mark.topic.name) if mark.topic_id else None,
                      author_id=mark.author_id)
        profile.save(update_fields=sorted(set(fields + LEARNED_FIELDS)))
        if mark.kind == Mark.Kind.HIDE and mark.note_id:
            _count_hide(mark.note_id, -1)
    return mark


def _count_hide(note_id: int, delta: int) -> None:
    from redleaf.discovery.precompute import signals_touch

    if not NoteSignals.objects.filter(note_id=note_id).update(hides=F("hides") + delta) and delta > 0:
        NoteSignals.objects.get_or_create(note_id=note_id, defaults={"hides": 1})
    signals_touch(note_id)


# --- views (the note page's beacon) --------------------------------------------------------------
def view_record(*, user: User, note_id, seconds: float) -> NoteView:
    """A member had a note open for `seconds`: the first time it is seen (and never comes back in
    explore); past LONG_VIEW_SECONDS, once, a long view the profile learns from."""
    from redleaf.notes.selectors import note_get

    try:
        seconds = float(seconds)
    except (TypeError, ValueError):
        raise RedleafError("bad_seconds", _("Seconds must be a number."), field="seconds") from None
    if not 0 <= seconds <= 86400:
        raise RedleafError("bad_seconds", _("Seconds must be between 0 and 86400."), field="seconds")
    note = note_get(viewer=user, note_id=note_id)
    with transaction.atomic():
        view, created = NoteView.objects.select_for_update().get_or_create(user=user, note=note)
        became_long = not view.long and seconds >= W.LONG_VIEW_SECONDS
        view.seconds = max(view.seconds, int(seconds))
        view.long = view.long or became_long
        view.save(update_fields=["seconds", "long", "last_at"])
    if note.author_id != user.pk and (created or became_long):
        _learn(user.pk, selectors.facts_of(note), "long_view" if became_long else "view")
    return view


# --- explore ---------------------------------------------------------------------------------------
def explore_serve(*, viewer, cursor: str | None = None, size: int | None = None, all_images: bool = False) -> Page:
    """A page of explore. A member with personalisation on gets the pipeline (pipeline/serve.py) and
    the page is recorded in their session; a visitor, or a member who switched it off, gets the same
    non-personalised feed for everyone (newest popular)."""
    from redleaf.discovery.pipeline import serve
    from redleaf.notes.selectors import page_size

    size = page_size(size)
    if not _member(viewer):
        return selectors.popular_page(viewer=None, cursor=cursor, size=size, all_images=all_images)
    profile = profile_ensure(user=viewer)
    if not profile.personalised:
        page = selectors.popular_page(viewer=viewer, profile=profile, cursor=cursor, size=size,
                                      all_images=all_images)
    else:
        page = serve.page(viewer=viewer, profile=profile, cursor=cursor, size=size, all_images=all_images)
    page.extra["discovery"] = {"personalised": profile.personalised, "onboarded": profile.onboarded_at is not None}
    return page
