"""Reads for discovery: what learning needs to know about notes, a member's profile and marks, the
precomputed pools and neighbours, and the few things review knows that count in the ranking (reports,
the checks' tone signal on comments) — read here, never written."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import Substr

from redleaf.core.compiled import ByIds
from redleaf.core.pagination import Page, keyset_page
from redleaf.discovery.learning import NoteFacts
from redleaf.discovery.models import InterestProfile, Mark, Pool
from redleaf.notes.models import Note, NoteTopic, Topic

LANGUAGE_SAMPLE = 200  # characters of title and body a note's language is guessed from


def note_language(languages: list | None, text: str) -> str:
    """A note's main language: the one review detected, else a guess from its text (script first:
    Han characters are Chinese), else ""."""
    if languages:
        return str(languages[0])
    if not text:
        return ""
    from redleaf.language.detect import primary

    return primary(text[:LANGUAGE_SAMPLE]) or ""


def note_facts(note_ids: list[int]) -> dict[int, NoteFacts]:
    """Author, topics, language and title of these notes, in two queries."""
    if not note_ids:
        return {}
    rows = Note.objects.filter(pk__in=note_ids).annotate(sample=Substr("body", 1, LANGUAGE_SAMPLE)).values_list(
        "id", "author_id", "title", "languages", "sample")
    topics: dict[int, list[tuple[int, str]]] = {}
    for note_id, topic_id, name in (NoteTopic.objects.filter(note_id__in=note_ids).order_by("id")
                                    .values_list("note_id", "topic_id", "topic__name")):
        topics.setdefault(note_id, []).append((topic_id, name))
    return {
        note_id: NoteFacts(note_id=note_id, author_id=author_id, topics=tuple(topics.get(note_id, ())),
                           language=note_language(languages, f"{title}\n{sample}"),
                           title=(title or sample or "")[:60])
        for note_id, author_id, title, languages, sample in rows
    }


def facts_of(note) -> NoteFacts:
    """NoteFacts from a note already loaded with its topics (notes.selectors.note_get): no query."""
    return NoteFacts(note_id=note.pk, author_id=note.author_id,
                     topics=tuple((t.pk, t.name) for t in note.topics.all()),
                     language=note_language(note.languages, f"{note.title}\n{note.body[:LANGUAGE_SAMPLE]}"),
                     title=(note.title or note.body or "")[:60])


def note_card(*, viewer, note_id: int):
    """One note as a card for `viewer`, or None if they may not see it."""
    from redleaf.notes.selectors import visible_notes, with_card_data

    return with_card_data(visible_notes(viewer).filter(pk=note_id), viewer).first()


_PROFILE = ByIds(lambda user_id: InterestProfile.objects.filter(pk=user_id), model=InterestProfile)


def profile_of(user) -> InterestProfile | None:
    """Read on every explore page: its SQL is made once per process (core/compiled.py)."""
    if user is None or not user.is_authenticated:
        return None
    found = _PROFILE.instances(user.pk)
    return found[0] if found else None


def marks_of(*, user, cursor: str | None = None, size: int = 30) -> Page:
    """The member's marks, newest first, with what each names (for the settings page)."""
    qs = Mark.objects.filter(user=user).select_related("note", "note__cover", "note__author", "author", "topic")
    return keyset_page(qs, order=("-id",), cursor=cursor, size=max(1, min(size, 100)))


def mark_of(*, user, mark_id: int) -> Mark:
    return Mark.objects.select_related("author", "topic").get(pk=mark_id, user=user)


def learned_topics(profile: InterestProfile, *, limit: int = 8) -> list[dict]:
    """The topics the profile weighs most, as shares of the strongest (for a bar chart)."""
    ranked = sorted(((entry[0], entry[2] if len(entry) > 2 else "") for entry in profile.topics.values()
                     if entry[0] > 0), reverse=True)[:limit]
    top = ranked[0][0] if ranked else 1.0
    return [{"name": name, "share": max(4, round(100 * weight / top))} for weight, name in ranked if name]


def onboarding_topics(*, limit: int = 30) -> list[Topic]:
    """Topics to pick from when joining: the busiest ones public notes use."""
    from redleaf.notes.selectors import trending_topics

    return trending_topics(limit=limit)


def topics_named(ids: list[int]) -> list[Topic]:
    return list(Topic.objects.filter(pk__in=ids)) if ids else []


def pools(keys: list[str]) -> dict[str, Pool]:
    return {p.key: p for p in Pool.objects.filter(key__in=keys)} if keys else {}


# --- what review knows (read only) -----------------------------------------------------------------
def report_counts(note_ids: list[int]) -> dict[int, int]:
    """Members' reports about each note (every case, open or decided)."""
    from redleaf.moderation.models import Kind, Report

    if not note_ids:
        return {}
    return dict(Report.objects.filter(case__kind=Kind.NOTE, case__object_id__in=note_ids)
                .values_list("case__object_id").annotate(n=Count("id")).order_by())


def comments_flagged_hostile(comment_ids: list[int], *, threshold: float) -> set[int]:
    """Comments whose latest screening found a hostile tone (the review checks' "tone" signal) or
    anything pointing at the harassment or hate rules."""
    from redleaf.moderation.models import Kind, Screening

    flagged: set[int] = set()
    if not comment_ids:
        return flagged
    for object_id, signals in (Screening.objects.filter(kind=Kind.COMMENT, object_id__in=comment_ids)
                               .values_list("object_id", "signals")):
        for signal in signals or []:
            if not isinstance(signal, dict):
                continue
            hostile_rule = signal.get("rule") in ("harassment", "hate")
            if (signal.get("check") == "tone" or hostile_rule) and float(signal.get("score") or 0) >= threshold:
                flagged.add(object_id)
                break
    return flagged


# --- the feed for visitors and for members who switched personalisation off -------------------------
def popular_page(*, viewer, profile: InterestProfile | None = None, cursor: str | None = None, size: int = 20,
                 all_images: bool = False) -> Page:
    """Newest popular, the same for everyone: public notes by explore score (engagement with
    freshness, notes/scoring.py), limited ones never. A member's own marks still apply — they asked
    not to see those notes, authors or topics; that is a choice, not profiling. (Cards carry every
    picture, so `all_images` asks for nothing more.)"""
    from redleaf.discovery.pipeline.reasons import Reason
    from redleaf.notes.cards import cards
    from redleaf.notes.models import Audience
    from redleaf.notes.selectors import visible_notes

    qs = visible_notes(viewer).filter(audience=Audience.PUBLIC, limited=False)
    if profile is not None:
        if profile.hidden_notes:
            qs = qs.exclude(pk__in=[int(i) for i in profile.hidden_notes])
        if profile.less_authors:
            qs = qs.exclude(author_id__in=[int(i) for i in profile.less_authors])
        if profile.less_topics:
            qs = qs.exclude(notetopic__topic_id__in=[int(i) for i in profile.less_topics])
    # The page's ids by keyset (an index walk), then its notes as cards (notes/cards.py: one query when
    # their cached halves are fresh), through the same visibility.
    ids = keyset_page(qs.only("id", "hot_score"), order=("-hot_score", "-id"), cursor=cursor, size=size)
    by_id = cards(qs, [n.pk for n in ids.items], viewer)
    reason = Reason("not_personalised" if viewer is not None else "popular")
    items = [by_id[n.pk] for n in ids.items if n.pk in by_id]
    for note in items:
        note.reason = reason
    return Page(items=items, next_cursor=ids.next_cursor)
