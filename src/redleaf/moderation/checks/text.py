"""The text checks, in both languages:

- terms and patterns: the operator's lists per rule (checks/normalize.py says what matches), compiled
  once per guidelines version into one regular expression;
- the English profanity model shipped inside alt-profanity-check (a linear SVM over character n-grams):
  insults aimed at someone ("you ...", "@name ...") count towards harassment; swearing that targets no
  one is only a weak signal ("this f***ing cake is amazing" is not harassment);
- tone (vaderSentiment for English, snownlp for Chinese, on short texts only: it is slow) as a weak
  signal with no rule: it orders the queue, it never holds an item by itself;
- spam: many links, the same text from several accounts within a day, a burst of posts from a new
  account (the service measures those in SpamContext).

Every check returns Signals (checks/base.py); checks/verdict.py turns them into a proposed action."""

from __future__ import annotations

import hashlib
import re
import threading

from redleaf.core import sentiment
from redleaf.moderation.checks.base import RuleBook, Signal, SpamContext
from redleaf.moderation.checks.normalize import fold, is_latin_word, prefilter_form, squash, term_regex

_lock = threading.Lock()
_compiled: dict[int, tuple] = {}
_models: dict[str, object] = {}

SECOND_PERSON = re.compile(r"(?<![a-z])(you|u|ur|your|you're|youre|ya)(?![a-z])|@\w+")
TARGET_ZH = re.compile(r"你|妳|您|@")
LINK = re.compile(r"https?://|www\.|\b[a-z0-9-]+\.(?:com|net|org|io|xyz|top|cn|shop|link|ly)\b")
TONE_MAX_CHARS = 400


def _compile(book: RuleBook):
    """Each term's expression and its prefilter string, compiled once per guidelines version."""
    cached = _compiled.get(id(book))
    if cached is not None and cached[0] is book:
        return cached[1]
    with _lock:
        entries = []
        for term in book.terms:
            try:
                body = term.value if term.kind == "pattern" else term_regex(term.value)
                regex = re.compile(body)
            except re.error:
                continue  # an operator's broken pattern must not stop every check
            if not body:
                continue
            key = "" if term.kind == "pattern" else prefilter_form(fold(term.value))
            if is_latin_word(term.value) and len(key) > 3:
                key = key[:-1]  # the last letter may change in a plural (tranny → trannies)
            entries.append((key, regex, term))
        _compiled.clear()  # one book at a time: the newest version
        _compiled[id(book)] = (book, entries)
    return entries


CLAUSE_END = re.compile(r"[.;!?。！？；\n]")


def _aimed(folded: str, match: re.Match) -> bool:
    """Someone is addressed (you, your, @name, 你) in the clause the match stands in."""
    ends = [m.start() for m in CLAUSE_END.finditer(folded)]
    start = max((e + 1 for e in ends if e < match.start()), default=0)
    stop = min((e for e in ends if e >= match.end()), default=len(folded))
    clause = folded[start:stop]
    return bool(SECOND_PERSON.search(clause) or TARGET_ZH.search(clause))


def _lang_ok(term_lang: str, lang: str | None) -> bool:
    return not term_lang or lang is None or term_lang == lang


def term_signals(folded: str, book: RuleBook, lang: str | None) -> list[Signal]:
    entries = _compile(book)
    if not entries:
        return []
    quick = prefilter_form(folded)
    best: dict[tuple, Signal] = {}
    for key, regex, term in entries:
        if key not in quick or not _lang_ok(term.lang, lang):  # "" (a pattern) is in every text
            continue
        match = regex.search(folded)
        if match is None or (term.rule, term.value) in best:
            continue
        signal = Signal(check="pattern" if term.kind == "pattern" else "terms", score=term.score, rule=term.rule,
                        detail=term.value if term.kind == "term" else match.group(0)[:60])
        # A mild insult ("idiot", "loser", 废物) only counts when it is aimed at someone in the same
        # clause: "you loser" is, "Training with @sam; loser buys the coffee" is not.
        if term.rule == "harassment" and term.score < 0.5 and _aimed(folded, match):
            signal = Signal(check=signal.check, rule=signal.rule, score=round(signal.score + 0.25, 3),
                            detail=f"{signal.detail} (aimed at someone)")
        best[(term.rule, term.value)] = signal
    # Several different terms of one rule make it surer (capped below certainty).
    by_rule: dict[str, list[Signal]] = {}
    for signal in best.values():
        by_rule.setdefault(signal.rule, []).append(signal)
    out: list[Signal] = []
    for rule, signals in by_rule.items():
        signals.sort(key=lambda s: -s.score)
        out.extend(signals)
        if len(signals) > 1 and signals[0].score < 0.95:
            out.append(Signal(check="terms", rule=rule, score=min(0.95, signals[0].score + 0.1 * (len(signals) - 1)),
                              detail=f"{len(signals)} terms"))
    return out


def profanity_signals(folded: str) -> list[Signal]:
    if not re.search(r"[a-z]{2}", folded):
        return []
    from redleaf.moderation.checks.profanity import probability

    p = probability(folded)
    if p < 0.5:
        return []
    if SECOND_PERSON.search(folded):
        return [Signal(check="profanity", score=round(0.75 * p, 3), rule="harassment",
                       detail=f"insult aimed at someone (model {p:.2f})")]
    return [Signal(check="profanity", score=round(p, 3), rule="", detail=f"swearing (model {p:.2f})")]


def tone_signals(text: str, lang: str | None) -> list[Signal]:
    """Negative tone, 0..1, as a weak signal. Chinese tone (snownlp) only on short texts."""
    sample = text[:TONE_MAX_CHARS]
    if lang == "zh":
        positive = sentiment.chinese_positive(sample)
        if positive is None:
            return []
        negative = max(0.0, 1.0 - positive * 2) if positive < 0.5 else 0.0
    else:
        if not re.search(r"[A-Za-z]{2}", sample):
            return []
        compound = sentiment.english_compound(sample)
        negative = max(0.0, -compound)
    if negative < 0.3:
        return []
    return [Signal(check="tone", score=round(negative, 3), rule="", detail="negative tone")]


def spam_signals(folded: str, spam: SpamContext | None) -> list[Signal]:
    out: list[Signal] = []
    links = len(LINK.findall(folded))
    if links >= 3:
        out.append(Signal(check="spam.links", score=0.6 if links < 5 else 0.8, rule="scam_spam",
                          detail=f"{links} links"))
    if spam is None:
        return out
    new = spam.account_age_hours < 24
    if links and new:
        out.append(Signal(check="spam.links", score=0.55, rule="scam_spam", detail="links from a new account"))
    if spam.same_text_authors >= spam.repeat_limit:
        score = 0.9 if spam.same_text_authors >= 2 * spam.repeat_limit else 0.7
        out.append(Signal(check="spam.repeat", score=score, rule="scam_spam",
                          detail=f"same text from {spam.same_text_authors} other accounts today"))
    if new and spam.recent_items >= spam.burst_limit:
        heavy = spam.recent_items >= 3 * spam.burst_limit
        out.append(Signal(check="spam.velocity", score=0.85 if heavy else 0.6, rule="scam_spam",
                          detail=f"{spam.recent_items} posts in an hour from a new account"))
    return out


def check_text(text: str, *, book: RuleBook, lang: str | None = None, spam: SpamContext | None = None,
               tone: bool = True) -> list[Signal]:
    if not text or not text.strip():
        return []
    folded = fold(text)
    signals = term_signals(folded, book, lang)
    if lang in (None, "en"):
        signals += profanity_signals(folded)
    if tone:
        signals += tone_signals(text, lang)
    signals += spam_signals(folded, spam)
    return signals


def text_fingerprint(text: str) -> str:
    """The same words, however spaced or punctuated; "" for texts too short to mean a copy (好看!)."""
    squashed = squash(text)
    if len(squashed) < 16:
        return ""
    return hashlib.sha1(squashed.encode()).hexdigest()  # noqa: S324 - a fingerprint, not a secret
