"""Small text helpers shared by notes and comments: #topics and @mentions."""

from __future__ import annotations

import re
import unicodedata

# Chinese input methods type the full-width ＃ as often as #.
TOPIC_RE = re.compile(r"[#＃]([^\s#＃@,.!?;:，。！？；：、（）()\[\]【】「」\"'“”‘’<>]{1,30})")
# Only ASCII letters and digits bind to a mention's ends: "mei@example.com" is no mention, but Chinese
# is written without spaces, so "谢谢@mei的推荐" mentions mei (Python's \w and \b count 谢 as a letter).
MENTION_RE = re.compile(r"(?<![A-Za-z0-9_@])@([A-Za-z0-9_]{3,30})(?![A-Za-z0-9_])")
USERNAME_RE = re.compile(r"^[A-Za-z0-9_]{3,30}\Z")  # \Z: "$" would let a trailing newline through
# C0 and C1 controls except tab and newline, and the bidi overrides that make text read differently
# from what it is.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str) -> str:
    """NFC-normalise, turn CRLF into LF, drop control characters (keeping newlines and tabs), trim ends."""
    value = unicodedata.normalize("NFC", value or "").replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_RE.sub("", value).strip()


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
