"""`redleaf bench language`: detection per second on short comments, glossary throughput, and the memory
and cold-load time of the detector, the dictionary and jieba, measured in a fresh process (a worker's
view: nothing else loaded, so nothing is counted twice or hidden by what the bench loaded before)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

ZH = [
    "好好看！求链接", "这家店的小笼包真的绝了，排队半小时也值得", "姐妹们这个色号黄皮能用吗？", "周末去爬山，风景很好",
    "貓咪好可愛啊，想養一隻", "收藏了，下次去成都一定要试试", "笑死我了哈哈哈哈", "楼主的穿搭好有氛围感",
    "请问这是在哪里拍的？", "第一次做红烧肉就成功了，肥而不腻", "这个价格也太贵了吧", "已经回购三次了，真心推荐",
    "台北的夜市真的好好逛", "今天天气不错，适合出去走走", "求教程！！", "我也想要同款",
]
EN = [
    "This looks amazing, where did you buy it?", "Saving this for my trip to Shanghai next month",
    "lol same", "Can you share the recipe please?", "The lighting in this photo is perfect",
    "Wow, I never knew you could do that", "Love this!!", "Which subway station is closest?",
    "Is it crowded on weekends?", "Thanks for the tips, super helpful", "Adding this to my list",
    "Great shot, what camera do you use?", "I tried it and it worked", "So cute 😍",
]
MIXED = [
    "这个 latte 太好喝了", "今天做了 dumplings for my friends，第一次包饺子好难但是好吃",
    "I went to the 夜市 last night and tried 臭豆腐 and 珍珠奶茶", "OMG 这也太可爱了吧 I need one",
    "Learning 中文 is hard but fun", "今天买了 Apple Watch 好开心", "谢谢分享 thanks for sharing this",
    "这个 vibe 我爱了", "Where is this 火锅 place? 看起来好好吃", "yyds 真的", "😀😀🎉", "12345",
]
NOTE = ("周末和朋友去了上海的一家小笼包店，排队排了快一个小时，不过真的值得。皮很薄，汤汁很多，"
        "一口下去满满的鲜味。We also tried the crab roe noodles, which were rich and a bit salty. "
        "店里人很多，建议早点去，最好是工作日的上午。价格不算便宜，两个人吃了大概两百块。"
        "Overall a great experience, would go again next time I'm in Shanghai!")


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _measure_load() -> dict:
    """In a fresh process: each part's RSS growth and load time, in the order a worker loads them."""
    import django

    django.setup()
    from redleaf.language import detect as detection
    from redleaf.language import glossary

    base = _rss_mb()
    result: dict = {"rss_base_mb": round(base, 1)}

    def step(name, load):
        before, started = _rss_mb(), time.perf_counter()
        load()
        result[f"{name}_load_ms"] = round((time.perf_counter() - started) * 1000, 1)
        result[f"{name}_mb"] = round(_rss_mb() - before, 1)

    step("detector", lambda: detection.detect("今天 really good 的一天"))
    step("jieba", glossary._jieba)
    step("dictionary", lambda: (glossary.dictionary(), glossary.char_readings(),
                                glossary._simplified_for_cutting("貓")))
    step("reverse_index", glossary.reverse_index)
    step("first_gloss", lambda: glossary.gloss(NOTE))
    result["total_mb"] = round(_rss_mb() - base, 1)
    extra = ("zh", "en", "fr", "es", "de")
    step("lingua_zh_en_fr_es_de", lambda: detection.latin_detector(extra).detect_language_of(
        "Bonjour tout le monde, je suis très content"))
    result["served"] = detection.served()
    return result


def _fresh_process_load() -> dict:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "redleaf.settings")
    code = "import json; from redleaf.language.bench import _measure_load; print(json.dumps(_measure_load()))"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _rate(work, texts: list[str], seconds: float) -> tuple[float, int]:
    """Calls per second of work over the texts, for about `seconds`."""
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for text in texts:
            work(text)
        count += len(texts)
    return count / (time.perf_counter() - started), count


def bench_language(log=None, seconds: float = 2.0) -> dict:
    """Detection per second on short comments (zh, en, mixed), with zh+en served (scripts only) and with
    zh, en, fr, es, de served (lingua for Latin text); glossary texts and tokens per second on the same
    comments and on a 400-character mixed note; memory and cold load in a fresh process."""
    from django.test import override_settings

    from redleaf.language import glossary
    from redleaf.language.detect import detect

    log = log or (lambda message: None)
    log("loading in a fresh process ...")
    result: dict = {"load": _fresh_process_load()}
    log(f"memory: {result['load']['total_mb']} MB for detector + dictionary + jieba")
    comments = ZH + EN + MIXED
    result["comments"] = len(comments)
    rate, count = _rate(detect, comments, seconds)
    result["detect_per_second"] = round(rate)
    log(f"detect: {rate:,.0f}/s ({count} calls)")
    with override_settings(LANGUAGES_SERVED=["zh", "en", "fr", "es", "de"]):
        detect("warm up lingua")
        rate, count = _rate(detect, comments, seconds)
    result["detect_per_second_lingua_5_languages"] = round(rate)
    log(f"detect with lingua (5 languages served): {rate:,.0f}/s")
    glossary.load()
    glossary.reverse_index()
    glossary.senses.cache_clear()
    glossary.equivalents.cache_clear()
    tokens = sum(sum(1 for t in glossary.gloss(text) if t.is_word) for text in comments)
    rate, count = _rate(glossary.gloss, comments, seconds)
    result["gloss_comments_per_second"] = round(rate)
    result["gloss_words_per_second"] = round(rate * tokens / len(comments))
    log(f"gloss: {rate:,.0f} comments/s, {result['gloss_words_per_second']:,} words/s")
    rate, _ = _rate(glossary.gloss, [NOTE], seconds)
    result["gloss_notes_per_second"] = round(rate, 1)
    rate, _ = _rate(glossary.pinyin_line, [NOTE], seconds)
    result["pinyin_line_notes_per_second"] = round(rate, 1)
    log(f"note of {len(NOTE)} characters: gloss {result['gloss_notes_per_second']}/s, "
        f"pinyin line {result['pinyin_line_notes_per_second']}/s")
    long_text = NOTE * 300
    started = time.perf_counter()
    detect(long_text)
    result["detect_100kb_ms"] = round((time.perf_counter() - started) * 1000, 1)
    started = time.perf_counter()
    glossary.gloss(long_text)
    result["gloss_100kb_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result
