"""The text checks on the shipped lists: every rule in both languages, with the evasions people use,
and the hard negatives that must pass (recipes that "kill the heat", 秒杀 prices, swearing in joy)."""

from __future__ import annotations

import pytest

from redleaf.moderation.checks.base import RuleBook, RuleInfo, SpamContext, Term
from redleaf.moderation.checks.defaults import DEFAULT_ACTIONS, default_rulebook
from redleaf.moderation.checks.normalize import fold, prefilter_form, tokens
from redleaf.moderation.checks.profanity import probability
from redleaf.moderation.checks.text import check_text, text_fingerprint
from redleaf.moderation.checks.verdict import verdict

BOOK = default_rulebook()


def rules_of(text: str, lang: str | None = None, spam: SpamContext | None = None) -> list[str]:
    return verdict(check_text(text, book=BOOK, lang=lang, spam=spam), BOOK).rules


# (rule, English, its evasion, Chinese, its evasion)
CASES = [
    ("harassment", "kill yourself", "k.i.l.l y o u r s e l f", "你怎么不去死", "去 死 吧"),
    ("hate", "typical chink", "typical ch1nk", "黑鬼滚出去", "黑 鬼"),
    ("health_misinformation", "stop taking your insulin now", "STOP TAKING YOUR INSULIN",
     "可以停掉胰岛素了", "停掉胰島素"),
    ("sexual", "send nudes please", "s e n d   n u d e s", "同城约炮", "約炮"),
    ("violence_self_harm", "i will kill you tomorrow", "i wiiill kiiill you", "我砍死你", "砍*死*你"),
    ("scam_spam", "double your bitcoin today", "d0uble y0ur b1tc0in", "兼职刷单日结", "刷 单"),
    ("undisclosed_ads", "use my code ANNA", "Use My Code anna", "下单用我的优惠码", "優惠碼"),
    ("flaunting_wealth", "my third birkin this year", "my THIRD birkin", "月入百万的生活", "月入百萬"),
    ("privacy", "her home address is 5 Elm St", "her   home  address is", "她家住在幸福小区", "她家住在"),
    ("illegal_goods", "fake passport for sale", "f4ke passp0rt", "代开发票", "代開發票"),
]


@pytest.mark.parametrize(("rule", "en", "en_evaded", "zh", "zh_evaded"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_fires_in_both_languages_and_through_evasions(rule, en, en_evaded, zh, zh_evaded):
    assert rule in rules_of(en, "en"), en
    assert rule in rules_of(en_evaded, "en"), en_evaded
    assert rule in rules_of(zh, "zh"), zh
    assert rule in rules_of(zh_evaded, "zh"), zh_evaded


def test_every_rule_has_terms_in_both_languages():
    for rule in DEFAULT_ACTIONS:
        langs = {t.lang for t in BOOK.terms if t.rule == rule and t.kind == "term"}
        assert {"zh", "en"} <= langs, rule


@pytest.mark.parametrize("text", [
    "Kill the heat once the sauce thickens and let it rest.",
    "This chocolate cake is to die for!",
    "This fucking cake is amazing, I'm so proud",
    "I love my idiot dog so much",
    "这家火锅店秒杀价才九十九，冲",
    "砍价成功，二手相机便宜了两百",
    "教你分辨正品和高仿的五个细节",
    "我妈下周开始化疗，有什么饮食建议吗",
    "Just shut up and take my money, this lamp is gorgeous",
    "skill issue, I burned the rice again",  # "kill" inside a word
    "The trick is to toast the spices first, then add the liquid.",  # a slur is not "spices"
    "Ask for it medium spicy unless you really like heat.",
])
def test_hard_negatives_pass(text):
    assert rules_of(text) == []


def test_mild_insults_count_only_when_aimed_at_someone():
    assert rules_of("what an idiot move by me, forgot my keys", "en") == []
    assert "harassment" in rules_of("you absolute idiot", "en")
    assert rules_of("这个废物手机又坏了", "zh") == []
    assert "harassment" in rules_of("你就是个废物", "zh")
    # someone addressed elsewhere in the text is not the one the word is aimed at
    assert rules_of("Training with @sam_reads; loser buys the coffee. Did you move today?", "en") == []
    assert rules_of("Travelled with @lao_chen, whose photos are better than mine. Would get lost again.",
                    "en") == []
    assert "harassment" in rules_of("@sam_reads you loser, nobody asked", "en")


def test_the_profanity_model_matches_the_packaged_pipeline():
    from profanity_check import predict_prob

    texts = ["you are a fucking idiot", "this cake is amazing", "", "go to hell you moron", "kill the heat"]
    assert [round(probability(t), 6) for t in texts] == [round(float(p), 6) for p in predict_prob(texts)]


def test_targeted_profanity_points_at_harassment_untargeted_is_weak():
    targeted = check_text("you fucking moron", book=BOOK, lang="en")
    assert any(s.check == "profanity" and s.rule == "harassment" for s in targeted)
    joyful = check_text("holy shit this view", book=BOOK, lang="en")
    assert all(s.rule == "" for s in joyful if s.check == "profanity")
    assert verdict(joyful, BOOK).action == "allow"


def test_tone_is_a_weak_signal_that_never_holds_alone():
    signals = check_text("I hate this, it's terrible, awful, the worst day ever", book=BOOK, lang="en")
    assert any(s.check == "tone" and s.rule == "" for s in signals)
    assert verdict(signals, BOOK).action == "allow"
    zh = check_text("太难吃了，恶心，再也不来了", book=BOOK, lang="zh")
    assert any(s.check == "tone" for s in zh)


def test_spam_signals_links_repeats_and_bursts():
    assert "scam_spam" in rules_of("deals at www.a.xyz www.b.top www.c.shop")
    new = SpamContext(account_age_hours=2, recent_items=12, same_text_authors=0)
    assert "scam_spam" in rules_of("hello everyone, nice to meet you", spam=new)
    old = SpamContext(account_age_hours=2000, recent_items=12)
    assert rules_of("hello everyone, nice to meet you", spam=old) == []
    repeated = SpamContext(same_text_authors=3)
    assert "scam_spam" in rules_of("check out my page for great stuff", spam=repeated)
    assert "scam_spam" in rules_of("see https://x.example.com", spam=SpamContext(account_age_hours=1))


def test_patterns_catch_phone_and_id_numbers():
    assert "privacy" in rules_of("他的电话是 138 1234 5678")
    assert "privacy" in rules_of("身份证 110101199003071234 曝光")
    assert "scam_spam" in rules_of("加v: money_8888 带你飞")


def test_operator_terms_and_a_broken_pattern():
    book = RuleBook(rules={"harassment": RuleInfo("harassment", "remove")},
                    terms=[Term("harassment", "zorbleflax", score=0.7), Term("harassment", "([", kind="pattern"),
                           Term("harassment", "only english", lang="en", score=0.7)], version=99)
    result = verdict(check_text("ZORBLEFLAX!", book=book), book)
    assert result.action == "hold" and result.rules == ["harassment"]
    assert verdict(check_text("only english", book=book, lang="zh"), book).action == "allow"
    assert verdict(check_text("only english", book=book, lang="en"), book).action == "hold"


def test_verdict_actions():
    high = verdict(check_text("kill yourself", book=BOOK, lang="en"), BOOK)
    assert high.action == "remove" and high.risk >= 0.9
    assert verdict(check_text("月入百万的生活，随便买", book=BOOK), BOOK).action == "limit"
    assert verdict(check_text("use my code ANNA for 10% off", book=BOOK), BOOK).action == "label"
    from redleaf.moderation.checks.base import Signal

    assert verdict([Signal(check="error", score=1.0)], BOOK).action == "hold"


def test_normalisation():
    assert fold("ＨＥＬＬＯ 貓咪") == "hello 猫咪"
    assert fold("k\u200bi\u200cl\u200dl") == "kill"
    assert prefilter_form(fold("K-1-L-L")) == prefilter_form(fold("kill"))
    assert tokens("我喜欢猫咪") == ["我", "喜欢", "猫咪"]
    assert tokens("Hello, World!") == ["hello", "world"]


def test_fingerprint_ignores_spacing_and_skips_short_texts():
    assert text_fingerprint("Great deals at my shop, come now!") == text_fingerprint("great deals at my shop come now")
    assert text_fingerprint("好看！") == ""


@pytest.mark.parametrize("text", ["", "   ", "😀😀😀", "\x00\x01\x02", "\u202e\u202dabc", "x" * 100_000, "((((*+?[",
                                  "NEAR: -\"quoted\" OR 1=1; DROP TABLE"])
def test_odd_input_never_raises(text):
    verdict(check_text(text, book=BOOK), BOOK)
