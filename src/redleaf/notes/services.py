"""Every write about notes: compose, edit, delete, and the lifecycle's release step."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redleaf.accounts.models import Block, User
from redleaf.core import events
from redleaf.core.errors import RedleafError
from redleaf.core.text import clean_text, extract_mentions, extract_topics, topic_key
from redleaf.media import services as media_services
from redleaf.media import tasks as media_tasks
from redleaf.media.models import Image
from redleaf.notes import lifecycle, policies
from redleaf.notes.models import Audience, Mention, Note, NoteImage, NoteState, NoteTopic, Topic
from redleaf.notes.scoring import hot_score


def _validate_text(title: str, body: str) -> tuple[str, str]:
    title, body = clean_text(title), clean_text(body)
    if len(title) > settings.NOTE_TITLE_MAX:
        raise RedleafError("title_too_long", _("A title can have at most %(n)d characters.")
                           % {"n": settings.NOTE_TITLE_MAX}, field="title")
    if len(body) > settings.NOTE_BODY_MAX:
        raise RedleafError("body_too_long", _("A note can have at most %(n)d characters.")
                           % {"n": settings.NOTE_BODY_MAX}, field="body")
    return title, body


def _validate_audience(audience: str) -> str:
    audience = (audience or Audience.PUBLIC).strip()
    if audience not in Audience.values:
        raise RedleafError("bad_audience", _("Audience must be one of: public, followers, only_me."),
                           field="audience")
    return audience


def _validate_image_count(count: int) -> None:
    if count > settings.NOTE_IMAGES_MAX:
        raise RedleafError("too_many_images", _("A note can have at most %(n)d images.")
                           % {"n": settings.NOTE_IMAGES_MAX}, field="images")


def _ingest_all(author: User, uploads: list, alts: list[str]) -> list[Image]:
    images: list[Image] = []
    try:
        for i, upload in enumerate(uploads):
            images.append(media_services.image_ingest(owner=author, upload=upload,
                                                      alt=alts[i] if i < len(alts) else ""))
    except BaseException:
        media_services.images_discard(images)  # the pictures stored before the one that failed
        raise
    return images


def _set_images(note: Note, images: list[Image]) -> None:
    NoteImage.objects.filter(note=note).delete()
    NoteImage.objects.bulk_create(NoteImage(note=note, image=img, position=i) for i, img in enumerate(images))
    note.cover = images[0] if images else None


def _set_topics(note: Note) -> None:
    names = extract_topics(note.title, note.body)
    old = set(NoteTopic.objects.filter(note=note).values_list("topic_id", flat=True))
    topics: list[Topic] = []
    for name in names:
        topic, _created = Topic.objects.get_or_create(key=topic_key(name)[:40], defaults={"name": name[:40]})
        if topic not in topics:
            topics.append(topic)
    new = {t.pk for t in topics}
    if note.state == NoteState.PUBLISHED:
        Topic.objects.filter(pk__in=old - new).update(notes_count=F("notes_count") - 1)
        Topic.objects.filter(pk__in=new - old).update(notes_count=F("notes_count") + 1)
    NoteTopic.objects.filter(note=note).exclude(topic_id__in=new).delete()
    NoteTopic.objects.bulk_create(
        # in the order the text names them, so a note lists its topics as its author wrote them
        [NoteTopic(note=note, topic_id=t.pk, published_at=note.published_at) for t in topics if t.pk not in old]
    )


def _set_mentions(note: Note) -> None:
    usernames = extract_mentions(note.title, note.body)
    Mention.objects.filter(note=note).delete()
    if not usernames:
        return
    blocked = Block.objects.filter(Q(blocker=note.author) | Q(blocked=note.author))
    hidden = set(blocked.values_list("blocker_id", flat=True)) | set(blocked.values_list("blocked_id", flat=True))
    hidden.discard(note.author_id)
    query = Q()
    for name in usernames:
        query |= Q(username__iexact=name)
    users = User.objects.filter(query, is_active=True).exclude(pk__in=hidden)
    Mention.objects.bulk_create(Mention(note=note, user=u) for u in users)


def _published_counts(note: Note, delta: int) -> None:
    User.objects.filter(pk=note.author_id).update(notes_count=F("notes_count") + delta)
    Topic.objects.filter(notetopic__note=note).update(notes_count=F("notes_count") + delta)


def note_release(*, note: Note, now: bool = False, text_only: bool = False) -> Note:
    """Send a pending note to review (moderation/services.py): the automated checks run (in the worker,
    or here when `now`), then a trusted member's clean note is published and anything else waits for a
    person."""
    from redleaf.moderation.models import Kind
    from redleaf.moderation.services import item_submitted

    item_submitted(kind=Kind.NOTE, obj=note, author=note.author, now=now, text_only=text_only)
    # The check may have published it (on its own copy of the row): show the caller the state now.
    note.refresh_from_db(fields=["state", "published_at", "hot_score", "languages"])
    return note


def note_publish(*, note: Note) -> Note:
    """Review released the note: it is published (counted on its author and topics, scored for explore)."""
    lifecycle.transition(note, NoteState.PUBLISHED)
    first_time = note.published_at is None
    note.published_at = note.published_at or timezone.now()
    note.hot_score = hot_score(likes=note.likes_count, collects=note.collects_count,
                               comments=note.comments_count, published_at=note.published_at)
    note.save(update_fields=["state", "published_at", "hot_score", "updated_at"])
    if first_time:
        NoteTopic.objects.filter(note=note).update(published_at=note.published_at)
    _published_counts(note, +1)
    events.send_on_commit(events.note_changed, note_id=note.pk, reason="published")
    return note


def note_unpublish(*, note: Note) -> Note:
    """A published note goes back under review (its edit was flagged): hidden, and uncounted, until decided."""
    lifecycle.transition(note, NoteState.PENDING)
    note.save(update_fields=["state", "updated_at"])
    _published_counts(note, -1)
    events.send_on_commit(events.note_changed, note_id=note.pk, reason="unpublished")
    return note


def note_take_down(*, note: Note) -> Note:
    """A moderator removed the note: a pending one is rejected, a published one removed (and uncounted)."""
    was_published = note.state == NoteState.PUBLISHED
    lifecycle.transition(note, NoteState.REMOVED if was_published else NoteState.REJECTED)
    note.save(update_fields=["state", "updated_at"])
    if was_published:
        _published_counts(note, -1)
    events.send_on_commit(events.note_changed, note_id=note.pk, reason="removed")
    return note


def note_restore(*, note: Note) -> Note:
    """An appeal reversed a removal: the note is published again."""
    if note.state in (NoteState.REMOVED, NoteState.REJECTED, NoteState.PENDING):
        note_publish(note=note)
    return note


def note_resubmit(*, note: Note) -> Note:
    """A rejected or removed note goes back under review (its author edited it, or an appeal reversed
    a removal of a version that has changed since): checked again, then published or held."""
    lifecycle.transition(note, NoteState.PENDING)
    note.save(update_fields=["state", "updated_at"])
    return note_release(note=note)


def note_set_reach(*, note: Note, limited: bool, label_rule: str) -> Note:
    """Limit (followers and the profile only: not recommended, not searchable) and/or label a note."""
    note.limited, note.label_rule = limited, label_rule
    Note.objects.filter(pk=note.pk).update(limited=limited, label_rule=label_rule)
    events.send_on_commit(events.note_changed, note_id=note.pk, reason="reach")
    return note


@transaction.atomic
def _note_create(*, author, title, body, audience, images, draft) -> Note:
    note = Note.objects.create(
        author=author, title=title, body=body, audience=audience,
        state=NoteState.DRAFT if draft else NoteState.PENDING,
    )
    _set_images(note, images)
    note.save(update_fields=["cover"])
    _set_topics(note)
    _set_mentions(note)
    # Search indexes drafts and notes under review too, so their author finds them ("search my notes").
    events.send_on_commit(events.note_changed, note_id=note.pk, reason="created")
    if not draft:
        note_release(note=note)
    return note


def note_create(*, author: User, title: str = "", body: str = "", audience: str = Audience.PUBLIC,
                images: list | None = None, alts: list[str] | None = None, draft: bool = False) -> Note:
    """Compose a note: 0–18 images (a text-only note needs a title or body), #topics and @mentions
    from the text. Images are checked before anything is written; on any failure nothing stays."""
    from redleaf.moderation.services import require_may_post

    require_may_post(author)
    title, body = _validate_text(title, body)
    audience = _validate_audience(audience)
    uploads = list(images or [])
    _validate_image_count(len(uploads))
    if not uploads and not title and not body:
        raise RedleafError("note_empty", _("A note needs images, a title or some text."))
    stored = _ingest_all(author, uploads, list(alts or []))
    try:
        return _note_create(author=author, title=title, body=body, audience=audience, images=stored, draft=draft)
    except BaseException:
        media_services.images_discard(stored)
        raise


@transaction.atomic
def _note_update(*, note, fields: dict, images: list[Image] | None, publish: bool) -> Note:
    note = Note.objects.select_for_update().get(pk=note.pk)
    changed = any(getattr(note, name) != value for name, value in fields.items() if name in ("title", "body"))
    for name, value in fields.items():
        setattr(note, name, value)
    removed: list[int] = []
    added_images = False
    if images is not None:
        old = set(NoteImage.objects.filter(note=note).values_list("image_id", flat=True))
        _set_images(note, images)
        removed = list(old - {img.pk for img in images})
        added_images = bool({img.pk for img in images} - old)
    note.save(update_fields=[*fields, "cover", "updated_at"])
    _set_topics(note)
    _set_mentions(note)
    edited = changed or images is not None
    if publish and note.state == NoteState.DRAFT:
        lifecycle.transition(note, NoteState.PENDING)
        note.save(update_fields=["state"])
        note_release(note=note)
    elif note.state in (NoteState.REJECTED, NoteState.REMOVED) and edited:
        note_resubmit(note=note)  # fixed and sent again: checked like a new note
    elif note.state == NoteState.PENDING and edited:
        note_release(note=note)  # every version is checked
    elif note.state == NoteState.PUBLISHED and edited:
        # Every version is checked before anyone sees it. New pictures take the worker's picture checks,
        # so the note waits (hidden) for them; text alone is checked here, in this request, and a
        # flagged edit takes the note back under review before it commits.
        if added_images:
            note_unpublish(note=note)
            note_release(note=note)
        else:
            note_release(note=note, now=True, text_only=True)
    if removed:
        transaction.on_commit(lambda: media_tasks.images_delete_unused.enqueue(image_ids=removed))
    events.send_on_commit(events.note_changed, note_id=note.pk, reason="edited")
    return note


def note_update(*, note: Note, actor: User, title: str | None = None, body: str | None = None,
                audience: str | None = None, image_ids: list[int] | None = None, new_images: list | None = None,
                alts: list[str] | None = None, publish: bool = False) -> Note:
    """Edit a note. `image_ids` keeps those of its images, in that order; `new_images` are added after."""
    from redleaf.moderation.services import require_may_post

    policies.require_can_edit(actor, note)
    require_may_post(actor)
    fields: dict = {}
    new_title, new_body = _validate_text(note.title if title is None else title,
                                         note.body if body is None else body)
    fields.update(title=new_title, body=new_body)
    if audience is not None:
        fields["audience"] = _validate_audience(audience)
    images: list[Image] | None = None
    current = list(Image.objects.filter(note_images__note=note).order_by("note_images__position"))
    if image_ids is not None or new_images:
        by_id = {img.pk: img for img in current}
        keep_ids = list(dict.fromkeys(image_ids)) if image_ids is not None else list(by_id)
        unknown = [i for i in keep_ids if i not in by_id]
        if unknown:
            raise RedleafError("unknown_image", _("That image is not part of this note."), field="image_ids")
        _validate_image_count(len(keep_ids) + len(new_images or []))
        images = [by_id[i] for i in keep_ids]
    if not (images if images is not None else current) and not new_images and not new_title and not new_body:
        raise RedleafError("note_empty", _("A note needs images, a title or some text."))
    stored = _ingest_all(actor, list(new_images or []), list(alts or []))
    if images is not None:
        images += stored
    try:
        return _note_update(note=note, fields=fields, images=images, publish=publish)
    except BaseException:
        media_services.images_discard(stored)
        raise


def note_update_arranged(*, note: Note, actor: User, arrangement: list[tuple[str, int]],
                         new_images: list | None = None, new_alts: list[str] | None = None,
                         kept_alts: dict[int, str] | None = None, title: str | None = None,
                         body: str | None = None, audience: str | None = None, publish: bool = False) -> Note:
    """The composer's edit, where new pictures may sit between kept ones and kept pictures' alt text
    may change. `arrangement` lists ("kept", image_id) and ("new", index into new_images) in the
    order the member chose; the note's images not listed are removed."""
    uploads = list(new_images or [])
    alts = list(new_alts or [])
    new_order = [value for kind, value in arrangement if kind == "new"]
    if sorted(new_order) != list(range(len(uploads))) or any(k not in ("kept", "new") for k, _v in arrangement):
        raise RedleafError("bad_image_order", _("The order of the pictures could not be read. Please try again."),
                           field="images")
    kept = [value for kind, value in arrangement if kind == "kept"]
    note = note_update(note=note, actor=actor, title=title, body=body, audience=audience, image_ids=kept,
                       new_images=[uploads[i] for i in new_order],
                       alts=[alts[i] if i < len(alts) else "" for i in new_order], publish=publish)
    if kept_alts:
        media_services.images_alt_update(owner=actor, alts={k: v for k, v in kept_alts.items() if k in kept})
    first_new = next((i for i, (kind, _v) in enumerate(arrangement) if kind == "new"), len(arrangement))
    if any(kind == "kept" for kind, _v in arrangement[first_new:]):
        # note_update put the new pictures after the kept ones; now move them where they were dropped.
        ids = list(NoteImage.objects.filter(note=note).order_by("position").values_list("image_id", flat=True))
        added = iter(ids[len(kept):])
        note = note_update(note=note, actor=actor,
                           image_ids=[value if kind == "kept" else next(added) for kind, value in arrangement])
    return note


@transaction.atomic
def note_delete(*, note: Note, actor: User) -> None:
    from redleaf.engagement.services import note_engagement_forget

    policies.require_can_edit(actor, note)
    # Lock the row first: a like or comment in flight (they lock it too, before adding their row)
    # finishes before we count and delete, and one arriving later finds the note gone (a 404), rather
    # than adding a row that points at a deleted note.
    note = Note.objects.select_for_update().filter(pk=note.pk).first()
    if note is None:
        raise policies.note_not_found()
    image_ids = list(NoteImage.objects.filter(note=note).values_list("image_id", flat=True))
    if note.state == NoteState.PUBLISHED:
        _published_counts(note, -1)
    note_engagement_forget(note=note)
    note_id = note.pk
    note.delete()
    events.send_on_commit(events.note_changed, note_id=note_id, reason="deleted")
    if image_ids:
        transaction.on_commit(lambda: media_tasks.images_delete_unused.enqueue(image_ids=image_ids))


def note_rescore(*, note_id: int) -> None:
    """Recompute the explore score from the note's current counts (called after they change)."""
    note = Note.objects.filter(pk=note_id).only("likes_count", "collects_count", "comments_count",
                                                "published_at").first()
    if note is None:
        return
    Note.objects.filter(pk=note_id).update(hot_score=hot_score(
        likes=note.likes_count, collects=note.collects_count, comments=note.comments_count,
        published_at=note.published_at))
