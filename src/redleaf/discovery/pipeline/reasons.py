"""Why a note is on a member's page, in their language: the strongest personal part of its score
(a topic they engaged with, "members who collected … also collected", someone they follow, a
language they are learning, a new voice), else the source that brought it (trending, popular).
A Reason keeps its code and parameters; its text is made when shown, in the language active then."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext, pgettext

from redleaf.discovery.pipeline.context import Candidate, Context

PERSONAL_MIN = 0.25  # a personal part weaker than this is not a reason worth naming

LANGUAGE_NAMES = {"zh": lambda: gettext("Chinese"), "en": lambda: gettext("English")}


@dataclass(frozen=True)
class Reason:
    code: str
    params: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        p = self.params
        topic = p.get("topic", "")
        texts = {
            "topic_collect": lambda: gettext("Because you collected notes about #%(topic)s") % {"topic": topic},
            "topic_comment": lambda: gettext("Because you commented on notes about #%(topic)s") % {"topic": topic},
            "topic_like": lambda: gettext("Because you liked notes about #%(topic)s") % {"topic": topic},
            "topic_long_view": lambda: gettext("Because you read notes about #%(topic)s") % {"topic": topic},
            "topic_chosen": lambda: gettext("Because you chose #%(topic)s as an interest") % {"topic": topic},
            "topic_related": lambda: gettext("Often goes with #%(topic)s, which you like") % {"topic": topic},
            "also_collected": lambda: gettext("Members who collected “%(title)s” also collected this")
            % {"title": p.get("title", "")},
            "also_liked": lambda: gettext("Members who liked “%(title)s” also liked this") % {"title": p.get("title", "")},
            "following": lambda: gettext("From %(name)s, whom you follow") % {"name": p.get("name", "")},
            "author": lambda: gettext("Because you enjoy notes by %(name)s") % {"name": p.get("name", "")},
            "bridge": lambda: gettext("Popular with people who read %(language)s")
            % {"language": LANGUAGE_NAMES.get(p.get("language", ""), lambda: p.get("language", ""))()},
            "new_creator": lambda: gettext("A new voice: a recent note from a new creator"),
            "trending": lambda: gettext("Trending now: many people are saving and talking about it"),
            "popular": lambda: pgettext("explore reason", "Popular on Redleaf"),
            "not_personalised": lambda: gettext("Popular and recent, the same for everyone (not personalised)"),
        }
        return texts.get(self.code, texts["popular"])()

    def as_dict(self) -> dict:
        return {"code": self.code, "text": self.text}


def _topic_reason(ctx: Context, c: Candidate) -> Reason | None:
    best = None
    for topic_id in c.topics:
        entry = ctx.profile.topics.get(str(topic_id))
        if entry and entry[0] > 0 and (best is None or entry[0] > best[0]):
            best = entry
    if best is None:
        return None
    action = best[1] if best[1] in ("collect", "comment", "like", "long_view", "chosen") else "long_view"
    name = best[2] if len(best) > 2 else ""
    return Reason(f"topic_{action}", {"topic": name})


def explain(ctx: Context, c: Candidate, author_name: str) -> Reason:
    personal = {k: v for k, v in c.parts.items() if k in (
        "topic", "topic_related", "onboarding", "co_engagement", "following", "author", "language_learning") and v > 0}
    if "bridge" in c.sources and "language_learning" in personal:
        personal["language_learning"] += 1.0  # brought by the bridge: say so
    if "fresh" in c.sources and c.new_creator:
        personal["new_creator"] = c.parts.get("new_creator", 0.0) + 0.2
    ranked = sorted(personal.items(), key=lambda kv: -kv[1])
    for part, value in ranked:
        if value < PERSONAL_MIN:
            break
        if part in ("topic", "onboarding"):
            reason = _topic_reason(ctx, c)
            if reason is not None:
                return reason
        elif part == "topic_related":
            source = max((ctx.related_topics[t] for t in c.topics if t in ctx.related_topics), default=None)
            entry = ctx.profile.topics.get(str(source[1])) if source else None
            if entry and len(entry) > 2:
                return Reason("topic_related", {"topic": entry[2]})
        elif part == "co_engagement" and c.co_seed:
            action, title = c.co_seed
            return Reason("also_collected" if action in ("collect", "comment") else "also_liked", {"title": title})
        elif part == "following":
            return Reason("following", {"name": author_name})
        elif part == "author":
            return Reason("author", {"name": author_name})
        elif part == "language_learning":
            return Reason("bridge", {"language": c.language})
        elif part == "new_creator":
            return Reason("new_creator")
    if "bridge" in c.sources:
        return Reason("bridge", {"language": c.sources["bridge"]})
    if "trending" in c.sources:
        return Reason("trending")
    if c.new_creator and "fresh" in c.sources:
        return Reason("new_creator")
    return Reason("popular")
