"""`redleaf bench moderation`: how fast review keeps up, and (with --quality) how well it judges.

- text: items checked per second on one core — language detection, the fingerprint, every text check
  (operator lists through the evasion-folding normaliser, the profanity model, tone, spam signals) and
  the verdict, on the labelled test set's texts with the guidelines in the database (or the shipped
  defaults when it has none); one process, one thread.
- images: pictures per second on one core (checks/images.py bench_images: decode, nudity model, hash
  against 1,000 blocked pictures).
- latency: post to published for a trusted member with the real task worker (latency.py).
- quality: precision and recall per rule on the labelled set (tuned on) and the held-out set (not).
Targets from the review issue (#3): text ≥ 500 items/s/core, images ≥ 10/s/core, median ≤ 1 s."""

from __future__ import annotations

import time

TARGETS = {"text_items_per_second_per_core": 500, "images_per_second_per_core": 10, "post_to_published_median_ms": 1000}


def _book():
    from redleaf.moderation import rules
    from redleaf.moderation.checks.defaults import default_rulebook

    try:
        book = rules.rulebook()
    except Exception:  # noqa: BLE001 - no database (or not migrated): the shipped lists
        return default_rulebook(), "shipped defaults"
    return (book, "database") if book.terms else (default_rulebook(), "shipped defaults")


def _note_texts(count: int = 200) -> list[str]:
    """Demo-like notes (title and body, about 250 characters) in both languages."""
    import random

    from redleaf.core.demo import content

    rng = random.Random(3)
    topics = list(content.BANKS)
    notes = [content.compose(topics[i % len(topics)], ("zh", "en")[i % 2], rng) for i in range(count)]
    return [f"{n.title}\n{n.body}" for n in notes]


def bench_text(seconds: float = 3.0, log=None) -> dict:
    """Comments (the labelled set's texts, ~30 characters) and notes (~250), one core each."""
    short = _rate(seconds / 2, None, log)
    notes = _rate(seconds / 2, _note_texts(), log)
    return {**short, "notes": notes}


def _rate(seconds: float, texts: list[str] | None, log=None) -> dict:
    from redleaf.language.detect import detect
    from redleaf.moderation.checks.base import SpamContext
    from redleaf.moderation.checks.text import check_text, text_fingerprint
    from redleaf.moderation.checks.verdict import verdict
    from redleaf.moderation.quality.evaluate import load

    log = log or (lambda message: None)
    book, source = _book()
    texts = texts or [item["text"] for item in load()]
    spam = SpamContext(account_age_hours=200, recent_items=1, same_text_authors=0, burst_limit=10, repeat_limit=2)

    def one(text: str) -> None:
        languages = detect(text).languages
        text_fingerprint(text)
        signals = check_text(text, book=book, lang=languages[0] if len(languages) == 1 else None, spam=spam)
        verdict(signals, book, flag=0.5, high=0.9)

    for text in texts[:20]:  # warm-up: models and compiled lists load once per process
        one(text)
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        one(texts[done % len(texts)])
        done += 1
        if done % 500 == 0:
            log(f"text: {done} items")
    elapsed = time.perf_counter() - started
    chars = sum(len(texts[i % len(texts)]) for i in range(done))
    return {"items": done, "text_items_per_second_per_core": round(done / elapsed, 1),
            "mean_chars": round(chars / max(done, 1), 1), "ms_per_item": round(elapsed * 1000 / max(done, 1), 3),
            "lists": source, "terms": len(book.terms)}


def bench_quality() -> dict:
    from redleaf.moderation.quality.evaluate import TESTSET, evaluate, load

    book, source = _book()
    tuned = evaluate(book)
    heldout = evaluate(book, items=load(TESTSET.with_name("heldout.jsonl")))
    for result in (tuned, heldout):
        result.pop("mistakes", None)
    return {"lists": source, "testset": tuned, "heldout": heldout}


def bench_moderation(*, quality: bool = False, latency: bool = True, images: int = 40, notes: int = 30,
                     seconds: float = 3.0, log=None) -> dict:
    from redleaf.moderation.checks.images import bench_images

    log = log or (lambda message: None)
    log("text checks…")
    result: dict = {"text": bench_text(seconds=seconds, log=log)}
    log("picture checks…")
    result["images"] = bench_images(count=images, log=log)
    if latency:
        from redleaf.moderation.latency import bench_post_to_published

        log("post to published, with the task worker…")
        result["latency"] = bench_post_to_published(count=notes, log=log)
    if quality:
        result["quality"] = bench_quality()
    result["targets"] = TARGETS
    return result


def _bar(value: float, target: float, width: int = 24) -> str:
    filled = max(1, min(width, round(width * value / (target * 2)))) if value else 0
    return "█" * filled + "·" * (width - filled)


def table(result: dict) -> str:
    from redleaf.moderation.quality.evaluate import table as quality_table

    text, images = result["text"], result["images"]
    lines = ["review before release — one core each (the bar's middle is the target)", ""]
    target = TARGETS["text_items_per_second_per_core"]
    rows = [("text items/s/core", text["text_items_per_second_per_core"], target),
            ("  notes (~250 chars)", text["notes"]["text_items_per_second_per_core"], target),
            ("images/s/core", images["images_per_second_per_core"], TARGETS["images_per_second_per_core"])]
    for label, value, target in rows:
        lines.append(f"{label:<22}{value:>9.1f}  {_bar(value, target)}  target ≥ {target}")
    if "latency" in result:
        lat = result["latency"]
        lines.append(f"{'post → published':<22}{lat['median_ms']:>7.0f} ms median, p99 {lat['p99_ms']:.0f} ms, "
                     f"max {lat['max_ms']:.0f} ms over {lat['notes']} notes  (target median ≤ 1000 ms)")
    lines.append(f"(text: {text['items']} comments, mean {text['mean_chars']} chars, and {text['notes']['items']} "
                 f"notes, mean {text['notes']['mean_chars']} chars; {text['terms']} terms from the "
                 f"{text['lists']}; images: {images['images']} pictures, model load {images['model_load_ms']} ms)")
    if "quality" in result:
        q = result["quality"]
        lines += ["", f"precision / recall per rule — labelled test set (the lists were tuned on it), {q['lists']}:",
                  quality_table(q["testset"]), "",
                  "held-out set (written afterwards, not tuned on):", quality_table(q["heldout"])]
    return "\n".join(lines)
