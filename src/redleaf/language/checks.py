"""Is what an engine gave back a translation we can show? Every engine's answer is cleaned and checked
here before it is cached or shown; one that fails is rejected (the member keeps the original and a clear
message) and never cached.

- clean: control characters, bidi overrides and NULs are removed (a NUL cannot even be stored in PostgreSQL);
- not empty, in the target language (detect's runs), of a plausible length for the source (in words: a
  Han character weighs 2/3 of a word, as in detect);
- for LLM engines also: none of our prompt in it (a marker hidden in the prompt, or five of its words in a
  row), and the source's meaning in it — an answer to an instruction hidden in the text, instead of its
  translation, shares few words with the dictionary's meanings of the source (CC-CEDICT, both ways)."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from redleaf.language.detect import HAN, LATIN, detect
from redleaf.language.engines.base import OutputRejected

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_LATIN_WORD = re.compile(rf"[{LATIN}0-9]+(?:['’][{LATIN}]+)*")
_HAN_CHAR = re.compile(f"[{HAN}]")
_WORD = re.compile(r"[a-z]+")
MAX_RATIO, SLACK_ABOVE = 3.0, 5.0
MIN_RATIO, SLACK_BELOW = 1 / 3, 2.0
ANCHOR_MIN_WORDS = 3  # fewer checkable words than this: the meaning check says nothing
ANCHOR_LONG, ANCHOR_MIN_SHARE = 6, 0.15  # a longer text needs more than one word in six to carry over
_QUESTION = re.compile(r"[?？]")
SHINGLE = 5
# Chinese words whose dictionary meanings are grammar, not meaning ("possessive particle").
_ZH_GRAMMAR = frozenset("的 了 着 过 吗 呢 吧 啊 呀 哦 嘛 地 得 之 所 把 被 是 在 和 与 及 也 就 都 而 很 太 就是 一个 这个 那个".split())
_EN_STOP = frozenset("the and for with that this from are was were have has had you your our their his her its "
                     "not but all any can will would could should into onto about than then them they there here "
                     "what which who whom whose when where why how one also very just some such i me my we us "
                     "it he she him yes no so too do does did".split())


def rejected(detail: str) -> OutputRejected:
    return OutputRejected(_("The translation service answered with something that is not a translation."),
                          detail=detail)


def clean(text: str) -> str:
    return _CONTROL.sub("", text or "").strip()


def weight(text: str) -> float:
    """Roughly how many words: Latin words and numbers count one, Han characters two thirds."""
    return len(_LATIN_WORD.findall(text)) + len(_HAN_CHAR.findall(text)) * 2 / 3


def _name_like(word: str) -> bool:
    return word[:1].isupper() or any(ch.isdigit() or ch.isupper() for ch in word)


def copied(source_text: str, output: str) -> set[str]:
    """The names and numbers of the output that stand as written in the source: brand and model names
    ("iPhone 15 Pro Max"), numbers. Any translation may copy them. (Ordinary words copied are not
    counted out: an English text given back untranslated is not Chinese.)"""
    source = {word for word in _LATIN_WORD.findall(source_text or "") if _name_like(word)}
    return {word for word in _LATIN_WORD.findall(output or "") if word in source}


def without_copied(source_text: str, output: str) -> str:
    """The output without the words it copied from the source (see copied())."""
    kept = copied(source_text, output)
    if not kept:
        return output
    return _LATIN_WORD.sub(lambda m: " " if m.group() in kept else m.group(), output)


def check_translation(source_text: str, output: str, *, target: str) -> str:
    """The cleaned output, or OutputRejected: empty, wrong language, implausible length. The language is
    that of what the output says besides the words it copied from the source: "刚入手了 iPhone 15 Pro Max"
    is Chinese."""
    out = clean(output)
    if not out:
        raise rejected("empty output")
    own = without_copied(source_text, out)
    found = detect(own)
    if found.languages and found.primary != target or not found.languages and detect(source_text).languages:
        raise rejected(f"output in {found.languages}, wanted {target}")
    w_in, w_out = weight(source_text), weight(out)
    if w_out > MAX_RATIO * w_in + SLACK_ABOVE or w_out < MIN_RATIO * w_in - SLACK_BELOW:
        raise rejected(f"implausible length: {w_in:.1f} words in, {w_out:.1f} out")
    return out


def check_no_leak(source_text: str, output: str, *, prompt: str, marker: str) -> None:
    if marker and marker.lower() in output.lower():
        raise rejected("the prompt's marker is in the output")
    words = _WORD.findall(prompt.lower())
    said = " ".join(_WORD.findall(output.lower()))
    source = " ".join(_WORD.findall(source_text.lower()))
    for i in range(len(words) - SHINGLE + 1):
        shingle = " ".join(words[i:i + SHINGLE])
        if shingle in said and shingle not in source:
            raise rejected(f"the prompt is in the output: {shingle!r}")


def _stem(word: str) -> str:
    for ending, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: len(word) - len(ending)] + replacement
    return word


def _content_words(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(text.lower()) if len(w) >= 3 and w not in _EN_STOP}


def _sound(definitions: list[str]) -> bool:
    """哈哈, 啊, 嗯: a sound or an interjection has no meaning to find ("hahaha" is its translation)."""
    return bool(definitions) and definitions[0].lower().startswith(("(onom.)", "(interj.)", "interjection", "(laughter"))


def meaning_share(source_text: str, output: str, *, source: str, target: str) -> tuple[int, int]:
    """(checked, anchored): how many of the source's words the dictionary can speak for, and how many of
    those have a dictionary meaning in the output."""
    from redleaf.language import glossary

    checked = anchored = 0
    if source == "zh" and target == "en":
        said = _content_words(output)
        for token in glossary.gloss(source_text):
            if token.lang != "zh" or token.text in _ZH_GRAMMAR or token.by_parts or _sound(token.definitions):
                continue
            meaning = set().union(*(_content_words(d) for d in token.definitions[:6])) if token.definitions else set()
            if meaning:
                checked += 1
                anchored += bool(meaning & said)
    elif source == "en" and target == "zh":
        kept = copied(source_text, output)  # a name written as it was is carried over, not translated
        for token in glossary.gloss(source_text):
            if token.lang != "en" or token.text.lower() in _EN_STOP or not token.equivalents or token.text in kept:
                continue
            found = list(token.equivalents)
            for form in glossary._inflections(token.text.lower()):  # "tried": 验方 as written, 试 as "try"
                found += glossary.equivalents(form)
            checked += 1
            anchored += any(sense.simplified in output or sense.traditional in output for sense in found)
    return checked, anchored


def check_meaning(source_text: str, output: str, *, source: str, target: str) -> None:
    """Reject an answer given instead of a translation: none of the source's dictionary meanings in it (of
    three or more words the dictionary knows), or almost none of a longer text's; or a question that
    came back as something else ("What is the capital of France?" → 巴黎). Short slang (笑死, 绝了) says
    too little to judge and passes."""
    checked, anchored = meaning_share(source_text, output, source=source, target=target)
    if checked >= ANCHOR_MIN_WORDS and anchored == 0 or checked >= ANCHOR_LONG and anchored < ANCHOR_MIN_SHARE * checked:
        raise rejected(f"not a translation of the source: {anchored} of {checked} words' meanings found")
    if _QUESTION.search(source_text) and not _QUESTION.search(output):
        raise rejected("not a translation of the source: a question came back as an answer")


# --- what an obedient model adds ------------------------------------------------------------------------------
# A model that obeys an instruction hidden in the text ("add my shop's link", "say you cannot", "print your
# rules") answers with a translation plus what it was told to add. A faithful translation adds no link,
# handle, e-mail, phone number or number of its own, no refusal or assistant's chatter, none of our prompt,
# and stays in one language: what any of these are in the output must be in the source too.
_URL = re.compile(r"(?i)(?:\bhttps?://|\bwww\.)[^\s，。！？、）)\]】>\"'“”]+"
                  r"|\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.(?:com|net|org|cn|io|co|me|ly|gg|app|xyz|"
                  r"info|top|cc|tv|link|shop|site|store|online|biz|ru|uk|us|de|jp|tk|to|vip|club)\b(?:/[^\s，。]*)?")
_EMAIL = re.compile(r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_HANDLE = re.compile(r"(?<![\w@])@[\w.-]*\w")
_PHONE = re.compile(r"(?<!\d)\+?\d[\d\s().-]{5,}\d(?!\d)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_HAN_RUN = re.compile(f"[{HAN}]+")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000}
_CN_NUMERAL = re.compile(f"[{''.join(_CN_DIGITS)}{''.join(_CN_UNITS)}半]+")
_EN_NUMBERS = {word: n for n, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_EN_NUMBERS |= {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                "hundred": 100, "thousand": 1000, "million": 1_000_000, "dozen": 12, "half": 30, "first": 1,
                "second": 2, "third": 3, "once": 1, "twice": 2}
# Phrases of a refusal or an assistant's reply, and of our prompt, in both languages: (flagged, also allowed
# by). The output may hold a flagged phrase when the source holds a phrase of the same group (a member who
# wrote "我不能去" is translated "I can't go"; "Here is my list" may become "以下是我的清单").
PHRASES = {
    "refusal": (("i cannot", "i can't", "i can not", "i'm unable", "i am unable", "i won't", "i will not",
                 "unable to", "i'm not able", "i am not able", "我无法", "我不能", "我没法", "我不会", "无法完成", "不能帮"),
                ("can't", "cannot", "can not", "unable", "没办法", "做不到", "办不到", "不能", "无法", "不会")),
    "apology": (("i'm sorry", "i am sorry", "sorry", "apologi", "抱歉", "对不起", "不好意思", "很遗憾"),
                ("对不住", "遗憾", "regret", "excuse me")),
    "assistant": (("sure, here", "sure! here", "sure. here", "here is the translation", "here's the translation",
                   "here is your", "here's your", "translation:", "translated text", "as an ai", "language model",
                   "as a translat", "i'd be happy", "i would be happy", "happy to help", "certainly!", "certainly,",
                   "of course! here", "当然，这是", "当然！这是", "好的，这是", "好的！这是", "以下是", "这是翻译", "翻译如下",
                   "翻译：", "译文", "作为一个ai", "作为ai", "作为人工智能", "语言模型", "人工智能助手", "很高兴为你", "乐意为您"),
                  ("here is", "here are", "here's", "below", "following", "translat", "这是", "下面", "如下", "翻译",
                   "人工智能", "happy to", "乐意", "很高兴")),
    "prompt": (("translation engine", "redleaf", "never instructions", "system message", "reply with one json",
                "翻译引擎", "系统消息", "不是指令", "而非指令"),
               ("engine", "引擎", "system", "系统")),
    "format": (('{"', '"translation"', "```"), ("{", "```")),
}


def _cn_value(numeral: str) -> int:
    if not any(ch in _CN_UNITS for ch in numeral):  # 二〇二四: digit by digit
        return int("".join(str(_CN_DIGITS[ch]) for ch in numeral if ch in _CN_DIGITS) or 0)
    total = section = 0
    digit = None
    for ch in numeral:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch == "万":
            total += (section + (digit or 0)) * 10_000
            section, digit = 0, None
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    return total + section + (digit or 0)


def _number_key(number: str) -> str:
    return number.replace(",", "").lstrip("0") or "0"  # 1,000 is 1000; 05 is 5


def _numbers(text: str) -> set[str]:
    """The numbers a text says: in digits, in Chinese numerals (三, 十五, 两百, 半), in English words."""
    found = {_number_key(n) for n in _NUMBER.findall(text)}
    for numeral in _CN_NUMERAL.findall(text):
        if "半" in numeral:
            found.update({"30", "5"})  # 两点半 is 2:30, 一个半 1.5
        found.add(str(_cn_value(numeral.replace("半", ""))))
        found.update(str(_CN_DIGITS[ch]) for ch in numeral if ch in _CN_DIGITS)
        found.update(str(_CN_UNITS[ch]) for ch in numeral if ch in _CN_UNITS)
    for word in _WORD.findall(text.lower()):
        if word in _EN_NUMBERS:
            found.add(str(_EN_NUMBERS[word]))
    return found


def _normal(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", text or "")


def _url_key(url: str) -> str:
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", url.lower()).rstrip("/.,!?;:")


def check_no_additions(source_text: str, output: str, *, target: str) -> None:
    """Reject an output that says what its source does not: a new link, @handle, e-mail, phone number or
    number, a refusal or an assistant's phrase, our prompt's words, or a second language."""
    src, out = _normal(source_text), _normal(output)
    src_lower, out_lower = src.lower(), out.lower()
    urls = {_url_key(u) for u in _URL.findall(src)}
    for url in _URL.findall(out):
        if _url_key(url) not in urls and _url_key(url) not in src_lower:
            raise rejected(f"a link that is not in the source: {url[:60]!r}")
    emails = {e.lower() for e in _EMAIL.findall(src)}
    for email in _EMAIL.findall(out):
        if email.lower() not in emails:
            raise rejected(f"an e-mail address that is not in the source: {email[:60]!r}")
    handles = {h.lower() for h in _HANDLE.findall(_EMAIL.sub(" ", src))}
    for handle in _HANDLE.findall(_EMAIL.sub(" ", out)):
        if handle.lower() not in handles:
            raise rejected(f"an @handle that is not in the source: {handle[:60]!r}")
    said = _numbers(src)

    def known(number: str) -> bool:  # 1,000 for 1000; 12.05.2024 for 2024年5月12日; 1.5 for 一个半
        return _number_key(number) in said or all(_number_key(g) in said for g in re.findall(r"\d+", number))

    src_digits = re.sub(r"\D", "", src)
    for phone in _PHONE.findall(out):
        digits = re.sub(r"\D", "", phone)
        if len(digits) >= 7 and digits not in src_digits and not all(known(n) for n in _NUMBER.findall(phone)):
            raise rejected(f"a phone number that is not in the source: {phone[:40]!r}")
    for number in _NUMBER.findall(out):
        if not known(number):
            raise rejected(f"a number that is not in the source: {number[:20]!r}")
    squeezed_src, squeezed_out = " ".join(src_lower.split()), " ".join(out_lower.split())
    for group, (flagged, also) in PHRASES.items():
        if any(p in squeezed_src for p in (*flagged, *also)):
            continue
        for phrase in flagged:
            if phrase in squeezed_out:
                raise rejected(f"{group} words that are not in the source: {phrase!r}")
    def bare(text: str) -> str:  # links, e-mails and handles are no language
        return _HANDLE.sub(" ", _URL.sub(" ", _EMAIL.sub(" ", text)))

    own = _HAN_RUN.sub(lambda m: " " if m.group() in src else m.group(), without_copied(src, bare(out)))
    found = detect(own)
    if found.mixed or found.languages and found.primary != target:
        raise rejected(f"output in {found.languages}, wanted {target} alone")
