"""`redleaf seed`: a living demo, made through the real services (sign-up, note_create, follow, like,
collect, comment, pin), so every counter and rule holds exactly as if people had done it by hand.
Nothing is downloaded: names, bios and notes come from demo/people.py and demo/content.py, pictures
from demo/drawing.py. The same --seed gives the same members, notes and pictures.

Two things are rewritten after the fact, because services stamp "now": each note's publication
time is spread over the last 30 days (and its explore score recomputed), and each comment's time is
moved after its note's. Ids stay "now"-ish, which nothing depends on."""

from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from tqdm import tqdm

from redleaf.accounts import services as account_services
from redleaf.accounts.models import User
from redleaf.core.demo import content, drawing, people
from redleaf.engagement import services as engagement_services
from redleaf.engagement.models import Board, Comment, CommentState
from redleaf.notes import services as note_services
from redleaf.notes.models import Audience, Note, NoteState, NoteTopic

DEFAULT_MEMBERS = 40
DEFAULT_NOTES = 240
SPREAD = timedelta(days=30)
# make_review_queue adds newcomers whose first notes wait for a moderator, on top of what was asked.
REVIEW_QUEUE_MEMBERS = 2
REVIEW_QUEUE_NOTES = 2
IMAGE_COUNTS = ([1, 2, 3, 4, 5, 6], [30, 25, 20, 12, 7, 6])
ASPECTS = (["3:4", "1:1", "4:3"], [5, 3, 2])


@dataclass
class DemoSummary:
    members: int = 0
    notes: int = 0
    drafts: int = 0
    images: int = 0
    follows: int = 0
    likes: int = 0
    collects: int = 0
    comments: int = 0
    seconds: float = 0.0


@dataclass
class _Member:
    persona: people.Persona
    user: User
    boards: dict[str, Board]  # topic -> a named board


@dataclass
class _NotePlan:
    author: _Member
    text: content.NoteText
    images: int
    aspect: str
    audience: str
    draft: bool
    age: timedelta  # how long ago it was published


def database_has_members() -> bool:
    return User.objects.exists()


class DemoSeeder:
    def __init__(self, *, seed: int, members: int, notes: int, progress: bool = True):
        self.seed = seed
        self.n_members = max(1, members)
        self.n_notes = max(0, notes)
        # Separate streams, so changing how pictures are drawn never changes names or titles.
        self.rng_people = random.Random(f"people-{seed}")
        self.rng_notes = random.Random(f"notes-{seed}")
        self.rng_draw = random.Random(f"draw-{seed}")
        self.rng_engage = random.Random(f"engage-{seed}")
        self.summary = DemoSummary()
        self.bar = tqdm(total=self.n_members * 2 + self.n_notes * 2, file=sys.stderr, disable=not progress,
                        unit="step", dynamic_ncols=True)
        self.members: list[_Member] = []
        self.followers: dict[int, set[int]] = {}  # user pk -> follower pks

    # --- pictures ---------------------------------------------------------------------------------
    def _upload(self, topic: str, aspect: str, name: str, scale: float = 1.0) -> SimpleUploadedFile:
        img = drawing.draw(topic, self.rng_draw, aspect, scale=scale)
        return SimpleUploadedFile(name, drawing.encode(img), content_type="image/jpeg")

    # --- members ----------------------------------------------------------------------------------
    def make_members(self) -> None:
        self.bar.set_description("members")
        for persona in people.members(self.n_members, self.rng_people):
            user = account_services.user_signup(
                username=persona.username, password=people.DEMO_PASSWORD, display_name=persona.display_name,
                language=persona.ui_language, languages=list(persona.languages),
            )
            avatar = None
            if persona.username == people.DEMO_USERNAME or self.rng_people.random() < 0.85:
                avatar = self._upload(persona.topics[0], "1:1", f"{persona.username}.jpg", scale=256 / 720)
                self.summary.images += 1
            account_services.profile_update(user=user, bio=persona.bio, avatar=avatar)
            self.members.append(_Member(persona=persona, user=user, boards={}))
            self.followers[user.pk] = set()
            self.bar.update(1)
        self.summary.members = len(self.members)

    def make_follows_and_boards(self) -> None:
        self.bar.set_description("follows")
        rng = self.rng_people
        for member in self.members:
            others = [m for m in self.members if m is not member]
            if others:
                shared = set(member.persona.topics)
                weights = [4 if shared & set(o.persona.topics) else 1 for o in others]
                wanted = min(len(others), rng.randint(5, 15) if member.persona.username != "demo" else 12)
                chosen: dict[int, _Member] = {}
                while len(chosen) < wanted:
                    pick = rng.choices(others, weights)[0]
                    chosen[pick.user.pk] = pick
                for other in chosen.values():
                    account_services.follow_create(follower=member.user, followee=other.user)
                    self.followers[other.user.pk].add(member.user.pk)
                    self.summary.follows += 1
            if rng.random() < 0.5 or member.persona.username == people.DEMO_USERNAME:
                for topic in rng.sample(member.persona.topics, min(2, len(member.persona.topics))):
                    name = content.board_name(topic, member.persona.languages[0])
                    member.boards[topic] = engagement_services.board_create(
                        owner=member.user, name=name, is_private=rng.random() < 0.3)
            self.bar.update(1)

    # --- notes ------------------------------------------------------------------------------------
    def plan_notes(self) -> list[_NotePlan]:
        rng = self.rng_notes
        weights = [rng.uniform(0.4, 2.0) for _ in self.members]
        plans: list[_NotePlan] = []
        usernames = [m.persona.username for m in self.members]
        for _ in range(self.n_notes):
            author = rng.choices(self.members, weights)[0]
            topic = rng.choice(author.persona.topics)
            language = rng.choice(author.persona.languages)
            friends = [u for u in usernames if u != author.persona.username]
            text = content.compose(topic, language, rng, friends)
            images = 0 if rng.random() < 0.12 else rng.choices(*IMAGE_COUNTS)[0]
            audience = rng.choices([Audience.PUBLIC, Audience.FOLLOWERS, Audience.ONLY_ME], [88, 8, 4])[0]
            plans.append(_NotePlan(author=author, text=text, images=images, aspect=rng.choices(*ASPECTS)[0],
                                   audience=audience, draft=rng.random() < 0.04,
                                   age=timedelta(seconds=rng.uniform(600, SPREAD.total_seconds()))))
        plans.sort(key=lambda p: -p.age.total_seconds())  # oldest first, so ids follow time
        return plans

    def make_notes(self) -> list[tuple[Note, _NotePlan]]:
        self.bar.set_description("notes")
        now = timezone.now()
        made: list[tuple[Note, _NotePlan]] = []
        for plan in self.plan_notes():
            uploads = [self._upload(plan.text.topic, plan.aspect, f"photo-{i + 1}.jpg") for i in range(plan.images)]
            note = note_services.note_create(
                author=plan.author.user, title=plan.text.title, body=plan.text.body, audience=plan.audience,
                images=uploads, alts=plan.text.alts * len(uploads), draft=plan.draft,
            )
            self._backdate(note, now - plan.age)
            self.summary.images += len(uploads)
            self.summary.notes += 1
            self.summary.drafts += plan.draft
            made.append((note, plan))
            self.bar.update(1)
        return made

    @staticmethod
    def _backdate(note: Note, moment) -> None:
        """Move a note into the past: it was written and published at `moment`."""
        if note.state == NoteState.PUBLISHED:
            Note.objects.filter(pk=note.pk).update(created_at=moment, updated_at=moment, published_at=moment)
            NoteTopic.objects.filter(note_id=note.pk).update(published_at=moment)
            note_services.note_rescore(note_id=note.pk)
            note.published_at = moment
        else:
            Note.objects.filter(pk=note.pk).update(created_at=moment, updated_at=moment)
        note.created_at = moment

    def make_review_queue(self) -> None:
        """The demo member reviews both languages, and a few items wait in the queue: a newcomer's
        first notes (new accounts wait for a person) and a comment the checks flagged."""
        from redleaf.moderation import services as moderation_services

        joined = timezone.now() - timedelta(days=120)
        User.objects.filter(pk__in=[m.user.pk for m in self.members]).update(date_joined=joined)
        demo = next((m.user for m in self.members if m.persona.username == people.DEMO_USERNAME), None)
        if demo is not None:
            moderation_services.moderator_add(user=demo, languages=["zh", "en"])
        with override_settings(TRUST_MIN_ACCOUNT_DAYS=3, TRUST_MIN_RELEASED=3):
            newcomers = [
                account_services.user_signup(username="newcomer_sam", password=people.DEMO_PASSWORD,
                                             display_name="Sam", language="en", languages=["en"]),
                account_services.user_signup(username="xinlai_xiaoyu", password=people.DEMO_PASSWORD,
                                             display_name="小雨", language="zh-hans", languages=["zh"]),
            ]
            note_services.note_create(author=newcomers[0], title="Hi from Ohio!",
                                      body="Just arrived from TikTok. Here's my cat, Mochi. #cats")
            note_services.note_create(author=newcomers[1], title="第一次发笔记",
                                      body="大家好，我在成都，喜欢吃火锅 #成都美食")
            self.summary.members += REVIEW_QUEUE_MEMBERS
            self.summary.notes += REVIEW_QUEUE_NOTES
            published = [n for n, _plan in self.made if n.state == NoteState.PUBLISHED and n.audience == "public"]
            if published:
                engagement_services.comment_create(author=newcomers[0], note=published[0],
                                                   text="DM me on WhatsApp to earn $500 a day from home!!")

    # --- engagement -------------------------------------------------------------------------------
    def _viewers(self, note: Note, author: _Member) -> list[_Member]:
        if note.audience == Audience.PUBLIC:
            return [m for m in self.members if m is not author]
        if note.audience == Audience.FOLLOWERS:
            fans = self.followers[author.user.pk]
            return [m for m in self.members if m.user.pk in fans]
        return []

    def engage(self, made: list[tuple[Note, _NotePlan]]) -> None:
        self.bar.set_description("likes and comments")
        rng = self.rng_engage
        for note, plan in made:
            viewers = self._viewers(note, plan.author) if note.state == NoteState.PUBLISHED else []
            if viewers:
                self._likes_and_collects(note, plan, viewers, rng)
                self._comments(note, plan, viewers, rng)
            self.bar.update(1)

    def _likes_and_collects(self, note, plan, viewers, rng) -> None:
        likers = rng.sample(viewers, min(len(viewers), rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 22])))
        for member in likers:
            engagement_services.like_create(user=member.user, note=note)
            self.summary.likes += 1
        for member in rng.sample(viewers, min(len(viewers), len(likers) // 3 + rng.choice([0, 0, 1]))):
            board = member.boards.get(plan.text.topic) if rng.random() < 0.6 else None
            engagement_services.collect_create(user=member.user, note=note, board=board)
            self.summary.collects += 1

    def _language_for(self, member: _Member, note_language: str, rng) -> str:
        spoken = member.persona.languages
        return note_language if note_language in spoken and rng.random() < 0.8 else rng.choice(spoken)

    def _comments(self, note, plan, viewers, rng) -> None:
        topic, author = plan.text.topic, plan.author
        made: list[Comment] = []
        top_level: list[Comment] = []
        for member in rng.sample(viewers, min(len(viewers), rng.choice([0, 0, 1, 1, 2, 3, 4, 5, 6]))):
            text = content.comment(topic, self._language_for(member, plan.text.language, rng), rng)
            comment = engagement_services.comment_create(author=member.user, note=note, text=text)
            if comment.state != CommentState.PUBLISHED:
                continue  # review held it (a word on the lists): no one has seen it to answer
            made.append(comment)
            top_level.append(comment)
            # the author answers (a comment review holds, such as one many people wrote alike, waits unanswered)
            if comment.state == CommentState.PUBLISHED and rng.random() < 0.4:
                answer = engagement_services.comment_create(
                    author=author.user, note=note, reply_to=comment,
                    text=content.reply(self._language_for(author, plan.text.language, rng), rng))
                made.append(answer)
                if rng.random() < 0.3 and answer.state == CommentState.PUBLISHED:  # the commenter answers back
                    made.append(engagement_services.comment_create(
                        author=member.user, note=note, reply_to=answer,
                        text=content.reply(self._language_for(member, plan.text.language, rng), rng)))
        for comment in made:
            if comment.state == CommentState.PUBLISHED and rng.random() < 0.4:
                candidates = [m for m in viewers + [author] if m.user.pk != comment.author_id]
                for member in rng.sample(candidates, min(len(candidates), rng.randint(1, 4))):
                    engagement_services.comment_like_create(user=member.user, comment=comment)
        top_level = [c for c in top_level if c.state == CommentState.PUBLISHED]
        if top_level and rng.random() < 0.15:
            engagement_services.comment_pin(comment=rng.choice(top_level), actor=author.user)
        self.summary.comments += len(made)
        self._spread_comment_times(note, made, rng)

    @staticmethod
    def _spread_comment_times(note: Note, comments: list[Comment], rng) -> None:
        """Comments came after their note, in the order they were written."""
        if not comments or note.published_at is None:
            return
        window = max(60.0, (timezone.now() - note.published_at).total_seconds() - 60)
        offsets = sorted(rng.uniform(30, window) for _ in comments)
        for comment, offset in zip(comments, offsets, strict=True):
            Comment.objects.filter(pk=comment.pk).update(created_at=note.published_at + timedelta(seconds=offset))

    def run(self) -> DemoSummary:
        started = time.perf_counter()
        # The demo is history: its members are established (checked in this process, trusted from the
        # start). What a newcomer's first days look like is shown by make_review_queue.
        # Its canned comments repeat across members and arrive dozens a second, which the spam checks
        # would rightly flag in real life: here they are history, not a campaign.
        established = override_settings(MODERATION_SCREEN_IN="request", TRUST_MIN_ACCOUNT_DAYS=0,
                                         TRUST_MIN_RELEASED=0, MODERATION_BURST_ITEMS=10**6,
                                         MODERATION_REPEAT_ACCOUNTS=10**6)
        try:
            with transaction.atomic(), established:  # all or nothing
                self.make_members()
                self.make_follows_and_boards()
                made = self.made = self.make_notes()
                self.engage(made)
                self.make_review_queue()
        finally:
            self.bar.close()
        self.summary.seconds = time.perf_counter() - started
        return self.summary


def seed_demo(*, seed: int = 1, members: int = DEFAULT_MEMBERS, notes: int = DEFAULT_NOTES,
              progress: bool = True) -> DemoSummary:
    return DemoSeeder(seed=seed, members=members, notes=notes, progress=progress).run()
