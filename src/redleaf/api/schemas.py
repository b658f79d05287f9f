"""The shapes the API speaks, as OpenAPI documents them. Ids are 64-bit and travel as strings (a
JavaScript number cannot hold them); URLs are absolute; times are ISO 8601 in UTC."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

# --- errors ---------------------------------------------------------------------------------


class ErrorBody(Schema):
    code: str = Field(description="Stable, machine-readable code such as `note_not_found`.")
    message: str = Field(description="Human text in the caller's language.")
    field: str | None = Field(None, description="The input field at fault, when there is one.")


class ErrorOut(Schema):
    error: ErrorBody


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error statuses an operation documents."""
    return dict.fromkeys(statuses, ErrorOut)


# --- members --------------------------------------------------------------------------------


class UserRef(Schema):
    id: str
    username: str
    display_name: str = Field(description="May be empty: show the username then.")


class UserBrief(UserRef):
    avatar: str | None = Field(description="Absolute URL of the avatar, or null.")


class UserCounts(Schema):
    followers: int
    following: int
    notes: int
    likes_received: int


class RelationshipOut(Schema):
    following: bool
    followed_by: bool
    blocking: bool
    muting: bool


class UserOut(UserBrief):
    bio: str
    languages: list[str]
    counts: UserCounts
    relationship: RelationshipOut | None = Field(
        description="How the caller relates to this member; null for guests and for oneself."
    )


class MeOut(UserOut):
    ui_language: str = Field(description="Interface language (`zh-hans`, `en`), empty to follow the browser.")
    profile_under_review: bool = Field(description="A change to my name, bio or avatar waits for a moderator; "
                                                   "until then others see the profile as it was.")


class SignupIn(Schema):
    username: str
    password: str
    display_name: str = ""
    language: str = Field("", description="Interface language: `zh-hans` or `en`.")
    languages: list[str] | None = Field(None, description="Languages spoken, such as [\"zh\", \"en\"].")


class SignupOut(Schema):
    user: MeOut
    token: str


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str = Field(description="Send it as `Authorization: Bearer <token>`. Shown once.")


class ProfileIn(Schema):
    display_name: str | None = None
    bio: str | None = None
    languages: list[str] | None = None
    ui_language: str | None = None


class FollowOut(Schema):
    following: bool
    followers: int = Field(description="The member's follower count after the change.")


class BlockOut(Schema):
    blocking: bool


class MuteOut(Schema):
    muting: bool


# --- notes ----------------------------------------------------------------------------------


class ImageOut(Schema):
    id: str
    url: str = Field(description="The large variant (WebP, at most 1440 px).")
    thumb_url: str = Field(description="The card variant (WebP, at most 540 px).")
    width: int
    height: int
    blurhash: str
    alt: str


class NoteCounts(Schema):
    likes: int
    collects: int
    comments: int


class NoteViewer(Schema):
    liked: bool
    collected: bool


class NoteOut(Schema):
    id: str
    author: UserBrief
    title: str
    body: str
    images: list[ImageOut]
    topics: list[str]
    mentions: list[str]
    counts: NoteCounts
    viewer: NoteViewer = Field(description="The caller's own like and collect (false for guests).")
    state: str = Field(description="draft, pending (under review: only its author sees it), published, "
                                   "rejected or removed.")
    limited: bool = Field(description="Review limited its reach: not recommended or searchable.")
    label: str | None = Field(description="The id of the guideline whose label the note carries, if any.")
    languages: list[str] = Field(description="Languages detected in the note, e.g. [\"zh\", \"en\"].")
    audience: str = Field(description="public, followers or only_me.")
    created_at: datetime
    published_at: datetime | None


class NotePage(Schema):
    items: list[NoteOut]
    next_cursor: str | None = Field(description="Pass as `?cursor=` for the next page; null at the end.")


class TopicOut(Schema):
    name: str
    notes_count: int


class TopicNotePage(NotePage):
    topic: TopicOut


class NoteCreateIn(Schema):
    title: str = ""
    body: str = ""
    audience: str = Field("public", description="public, followers or only_me.")
    draft: bool = Field(False, description="Save without publishing.")
    alts: list[str] = Field(default_factory=list, description="Alt text per image, in the images' order.")


class NotePatchIn(Schema):
    title: str | None = None
    body: str | None = None
    audience: str | None = None
    image_ids: list[str] | None = Field(
        None, description="The note's images to keep, in the new order; images left out are removed."
    )
    publish: bool = Field(False, description="Publish a draft.")


class LikeOut(Schema):
    liked: bool
    likes: int


class CollectIn(Schema):
    board_id: str | None = Field(None, description="A board of yours; the default board when left out.")


class CollectOut(Schema):
    collected: bool
    collects: int
    board_id: str | None


# --- comments -------------------------------------------------------------------------------


class CommentOut(Schema):
    id: str
    note_id: str
    author: UserBrief
    text: str
    reply_to_user: UserRef | None = Field(description="In a reply, the member it answers (if not the thread's).")
    parent_id: str | None = Field(description="The top-level comment a reply belongs to.")
    likes_count: int
    replies_count: int
    is_pinned: bool
    state: str = Field(description="published, or pending (under review: only its author sees it).")
    viewer_liked: bool
    created_at: datetime
    replies: list[CommentOut] = Field(description="For a top-level comment in a list: its first few replies.")


class CommentPage(Schema):
    items: list[CommentOut]
    next_cursor: str | None


class CommentIn(Schema):
    text: str
    reply_to: str | None = Field(None, description="Id of the comment this one answers.")


class PinOut(Schema):
    is_pinned: bool


# --- boards ---------------------------------------------------------------------------------


class BoardOut(Schema):
    id: str
    owner: UserBrief
    name: str
    description: str
    is_private: bool
    is_default: bool
    collects_count: int
    created_at: datetime


class BoardPage(Schema):
    items: list[BoardOut]
    next_cursor: str | None = Field(description="Boards come in one page: always null.")


class BoardIn(Schema):
    name: str
    description: str = ""
    is_private: bool = False


class BoardPatchIn(Schema):
    name: str | None = None
    description: str | None = None
    is_private: bool | None = None
