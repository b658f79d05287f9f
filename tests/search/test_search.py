"""Searching notes, members and topics through the selectors, on the database the suite runs on (SQLite
FTS5 or PostgreSQL's GIN): what a member finds, in which order, and what they never find."""

from __future__ import annotations

import pytest

from redleaf.accounts import services as account_services
from redleaf.engagement import services as engagement_services
from redleaf.notes.models import Note
from redleaf.search import selectors, services
from redleaf.search.backends import get_backend
from tests import factories
from tests.search.conftest import note

pytestmark = pytest.mark.django_db


def find(viewer, q, **kwargs):
    params = selectors.clean_params(q=q, **kwargs)
    return selectors.search(viewer=viewer, params=params)


def titles(viewer, q, **kwargs) -> list[str]:
    page = find(viewer, q, **kwargs)
    return [getattr(item, "title", None) or getattr(item, "username", None) or item.name for item in page.items]


@pytest.fixture
def corpus(mei, alex):
    made = {
        "cat_zh": note(mei, "我家猫咪超可爱", "橘猫团子今天又在搞事情 #萌宠"),
        "cat_tw": note(mei, "貓咪的日常", "布偶貓睡覺中"),
        "hotpot_zh": note(mei, "成都火锅天花板", "麻辣火锅，人均八十 #美食"),
        "hotpot_en": note(alex, "Best hot pot in London", "Spicy broth, great dumplings #food"),
        "cat_en": note(alex, "Cat tax, as promised", "My cats Mochi and Bean"),
        "recipe_en": note(alex, "Banana bread recipes", "Three recipes I bake every week"),
        "dumpling": note(mei, "上海小笼包", "皮薄汤多的小笼包 🥟"),
    }
    return made


def test_chinese_words_and_single_characters(corpus, mei):
    assert titles(None, "猫咪")[:2] == ["我家猫咪超可爱", "貓咪的日常"] or set(titles(None, "猫咪")[:2]) == {
        "我家猫咪超可爱", "貓咪的日常"}
    assert "我家猫咪超可爱" in titles(None, "猫")  # a character finds the words that hold it
    assert "貓咪的日常" in titles(None, "貓咪")  # traditional and simplified are one
    assert titles(None, "小笼包") == ["上海小笼包"]


def test_english_stemming_and_case(corpus):
    assert titles(None, "RECIPE") == ["Banana bread recipes"]
    assert "Cat tax, as promised" in titles(None, "cats")


def test_pinyin_finds_the_chinese_word(corpus):
    for typed in ("maomi", "mao mi"):
        found = titles(None, typed)
        assert "我家猫咪超可爱" in found, typed
    assert titles(None, "xiaolongbao")[0] == "上海小笼包"


def test_pinyin_u_with_diaeresis_is_v(mei):
    """lüxing, lǚxíng and lvxing are one word (旅行); a word that is not pinyin keeps its ü."""
    trip = note(mei, "大理旅行攻略", "三天两夜")
    for typed in ("lvxing", "lüxing", "lǚxíng", "LÜXING"):
        assert [n.pk for n in find(None, typed).items] == [trip.pk], typed
    from redleaf.search import analysis

    assert analysis.pinyin_v("über nǚrén") == "über nvren"


def test_across_languages_exact_language_first(corpus):
    cat = titles(None, "cat")
    assert cat[0] == "Cat tax, as promised"  # the English note first
    assert "我家猫咪超可爱" in cat  # 猫 in 猫咪, through CC-CEDICT
    hotpot = titles(None, "火锅")
    assert hotpot[0] == "成都火锅天花板" and "Best hot pot in London" in hotpot
    assert titles(None, "hot pot")[0] == "Best hot pot in London" and "成都火锅天花板" in titles(None, "hot pot")


def test_misspellings_are_forgiven(corpus):
    page = find(None, "recipies")
    assert [n.title for n in page.items] == ["Banana bread recipes"]
    assert page.query.corrected
    assert titles(None, "小龙包") == ["上海小笼包"]  # a homophone typo, read by its pinyin


def test_emoji_search(corpus):
    assert titles(None, "🥟") == ["上海小笼包"]


def test_words_all_then_some(corpus):
    assert titles(None, "成都 火锅") == ["成都火锅天花板"]
    relaxed = find(None, "火锅 zzzunknownword")
    assert relaxed.relaxed and "成都火锅天花板" in [n.title for n in relaxed.items]


def test_quality_and_freshness_break_ties(mei, alex):
    plain = note(mei, "红烧肉做法", "家常红烧肉")
    loved = note(mei, "红烧肉做法", "家常红烧肉")
    engagement_services.collect_create(user=alex, note=loved)
    services.note_rerank(note_id=loved.pk)
    assert [n.pk for n in find(None, "红烧肉").items] == [loved.pk, plain.pk]


def test_sorts_filters_and_paging(mei, alex):
    made = [note(mei, f"抹茶蛋糕 {i}", "抹茶", images=1 if i % 2 else 0) for i in range(7)]
    for i in range(3):
        engagement_services.like_create(user=alex, note=made[i])
    services.reindex_note_ids(n.pk for n in made)
    newest = find(None, "抹茶", sort="newest")
    assert [n.pk for n in newest.items] == [n.pk for n in reversed(made)]
    likes = find(None, "抹茶", sort="likes")
    assert {n.pk for n in likes.items[:3]} == {n.pk for n in made[:3]}
    assert {n.cover_id is not None for n in find(None, "抹茶", media="image").items} == {True}
    assert {n.cover_id is None for n in find(None, "抹茶", media="text").items} == {True}
    seen, cursor = [], ""
    for _page in range(5):
        page = find(None, "抹茶", size=3, cursor=cursor)
        seen += [n.pk for n in page.items]
        cursor = page.next_cursor
        if not cursor:
            break
    assert sorted(seen) == sorted(n.pk for n in made) and len(seen) == len(set(seen))
    old = made[0]
    Note.objects.filter(pk=old.pk).update(published_at=old.published_at.replace(year=2020))
    services.note_index(note_id=old.pk)
    assert old.pk not in [n.pk for n in find(None, "抹茶", since="30d").items]


def test_my_notes_and_my_boards(mei, alex):
    draft = factories.make_note(mei, title="草稿：抹茶拿铁", images=0, draft=True)
    services.note_index(note_id=draft.pk)
    other = note(alex, "抹茶拿铁 in Kyoto")
    assert [n.pk for n in find(mei, "抹茶拿铁", scope="mine").items] == [draft.pk]
    assert draft.pk not in [n.pk for n in find(alex, "抹茶拿铁").items]
    board = engagement_services.board_create(owner=mei, name="想喝")
    engagement_services.collect_create(user=mei, note=other, board=board)
    assert [n.pk for n in find(mei, "抹茶", scope="boards").items] == [other.pk]
    assert [n.pk for n in find(mei, "抹茶", scope="boards", board=str(board.pk)).items] == [other.pk]


def test_people_and_topics(corpus, mei, alex):
    services.search_reindex()
    assert [u.username for u in find(None, "Alex", type="users").items] == ["alex"]
    assert [u.username for u in find(None, "xiaomei", type="users").items] == ["mei"]  # pinyin of 小美
    assert [u.username for u in find(None, "小美", type="users").items] == ["mei"]
    assert [t.name for t in find(None, "萌宠", type="topics").items] == ["萌宠"]
    assert [t.name for t in find(None, "mengchong", type="topics").items] == ["萌宠"]
    account_services.block_create(blocker=alex, blocked=mei)
    assert find(alex, "小美", type="users").items == []  # blocked either way: not found
    assert find(mei, "Alex", type="users").items == []


def test_tier_spans_page_through_everything_in_score_order(mei, alex, monkeypatch):
    """On a million notes a common word is answered from the best-ranked tiers first (ranking.py); here
    the window is made tiny so a dozen notes span many tiers, and paging must still see every one once."""
    from datetime import timedelta

    from django.utils import timezone

    from redleaf.search.backends.base import Backend

    monkeypatch.setattr(Backend, "CANDIDATE_WINDOW", 2)
    made = [note(mei, f"芝士蛋糕 {i}", "芝士") for i in range(12)]
    now = timezone.now()
    for i, n in enumerate(made):  # spread over a year: ranks fall 0.23 (two tiers) a month
        Note.objects.filter(pk=n.pk).update(published_at=now - timedelta(days=30 * i))
    services.reindex_note_ids(n.pk for n in made)
    seen, cursor, scores = [], "", []
    for _page in range(12):
        page = find(None, "芝士", size=2, cursor=cursor)
        seen += [n.pk for n in page.items]
        scores += [n.search_score for n in page.items]
        cursor = page.next_cursor
        if not cursor:
            break
    assert seen == [n.pk for n in made]  # newest first here: same text, freshness decides
    assert scores == sorted(scores, reverse=True)


def test_a_span_too_narrow_is_widened_by_the_tiers_below_with_the_same_first_page(mei, monkeypatch):
    """A first span with too few matches is followed by one over only the tiers below it (selectors.
    _span_below), its candidates scored with the first's: the page is the one a single span gives."""
    from datetime import timedelta

    from django.utils import timezone

    from redleaf.search.backends.base import Backend

    made = [note(mei, f"抹茶拿铁 {i}", "抹茶" * (i % 3 + 1)) for i in range(12)]
    now = timezone.now()
    for i, n in enumerate(made):
        Note.objects.filter(pk=n.pk).update(published_at=now - timedelta(days=20 * i))
    services.reindex_note_ids(n.pk for n in made)
    whole = find(None, "抹茶", size=5)
    monkeypatch.setattr(Backend, "CANDIDATE_WINDOW", 3)
    monkeypatch.setattr(selectors, "_maybe_few", lambda *args: False)  # no counting first: spans from the top
    # Every tier said to hold a thousand notes: the first span is one tier, too few, so the tiers below follow.
    monkeypatch.setattr(Backend, "tier_sizes", lambda self, table: dict.fromkeys(range(200), 1000))
    calls = []
    relevance = type(get_backend()).relevance
    monkeypatch.setattr(type(get_backend()), "relevance",
                        lambda self, **kw: calls.append((kw["tiers"], kw.get("cap"))) or relevance(self, **kw))
    narrow = find(None, "抹茶", size=5)
    assert [n.pk for n in narrow.items] == [n.pk for n in whole.items] and len(whole.items) == 5
    first, rest = calls[0][0], calls[1][0]
    assert rest[0] == first[1] - 1 and calls[1][1] is not None  # below the first span only, with what is left

    def paged(size=2):
        seen, cursor = [], ""
        for _page in range(20):
            page = find(None, "抹茶", size=size, cursor=cursor)
            seen += [n.pk for n in page.items]
            cursor = page.next_cursor
            if not cursor:
                return seen
        return seen

    narrow_pages = paged()
    monkeypatch.undo()
    assert narrow_pages == paged() and sorted(narrow_pages) == sorted(n.pk for n in made)  # every page the same
    assert [n.search_score for n in narrow.items] == sorted((n.search_score for n in narrow.items), reverse=True)


@pytest.mark.parametrize(("hi", "lo"), [(95, 60), (95, 61), (75, 57), (63, 48), (16, 0), (3, 3), (40, -2), (99, 36)])
def test_a_span_of_tiers_is_asked_for_as_the_fewest_aligned_blocks(hi, lo):
    from redleaf.search.backends.base import TIER_LEVELS, tier_terms

    sizes = {prefix: size for prefix, size in TIER_LEVELS}
    covered = []
    for term in tier_terms((hi, lo)):
        size, first = sizes[term[0]], int(term[1:]) * sizes[term[0]]
        covered += range(first, first + size)
    assert sorted(covered) == list(range(max(lo, 0), hi + 1))  # every tier once, none outside
    assert len(tier_terms((hi, lo))) <= 2 * 3 + (hi - lo) // 16  # a few blocks, not one term per tier


@pytest.mark.parametrize("as_member", [False, True])
def test_a_search_page_costs_a_handful_of_queries(mei, alex, as_member, django_assert_max_num_queries):
    """A page of a common word: the vocabulary (two queries, and one for spelling), the viewer's blocks and
    mutes once, a count or a span or two, and the live rows of only as many hits as the page needs."""
    made = [note(mei if i % 2 else alex, f"周末早餐 brunch {i}", "松饼和咖啡") for i in range(30)]
    viewer = alex if as_member else None
    find(viewer, "早餐")  # the learnt words, the tier sizes: loaded once per process
    with django_assert_max_num_queries(6 + as_member) as captured:  # a member: their blocks and mutes, once
        page = find(viewer, "早餐", size=10)
    assert len(page.items) == 10 and page.next_cursor
    live = [q["sql"] for q in captured.captured_queries if 'FROM "notes_note"' in q["sql"]]
    assert len(live) == 1  # one read of the live notes
    ids = live[0].split('"notes_note"."id" IN (')[1].split(")")[0].split(",")
    assert len(ids) <= 10 + selectors.LIVE_SPARE  # the page and a few spare, not every candidate scored
    assert {n.pk for n in page.items} <= {n.pk for n in made}
