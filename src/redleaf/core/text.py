"""Small text helpers shared by notes and comments: #topics and @mentions."""

from __future__ import annotations

import re
import unicodedata

TOPIC_RE = re.compile(r"#([^\s#@,.!?;:，。！？；：、（）()\[\]【】「」\"'“”‘’<>]{1,30})")
MENTION_RE = re.compile(r"(?<![\w@])@([A-Za-z0-9_]{3,30})\b")
USERNAME_RE = re.compile(r"^[A-Za-z0-9_]{3,30}$")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """NFC-normalise, drop control characters (keeping newlines and tabs), trim ends."""
    return CONTROL_RE.sub("", unicodedata.normalize("NFC", value or "")).strip()


def topic_key(name: str) -> str:
    """Case- and width-folded key, so #Cats, #cats and #ｃａｔｓ are one topic."""
    return unicodedata.normalize("NFKC", name).casefold()


def extract_topics(*texts: str) -> list[str]:
    seen: dict[str, str] = {}
    for text in texts:
        for match in TOPIC_RE.finditer(text or ""):
            name = match.group(1)
            seen.setdefault(topic_key(name), name)
    return list(seen.values())[:10]


def extract_mentions(*texts: str) -> list[str]:
    seen: dict[str, None] = {}
    for text in texts:
        for match in MENTION_RE.finditer(text or ""):
            seen.setdefault(match.group(1).lower(), None)
    return list(seen)[:20]
