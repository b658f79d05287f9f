"""core/compiled.py: a queryset's SQL made once and run again with another value gives the rows the
queryset itself gives, escapes a LIKE prefix as Django does, and refuses a form it cannot put back."""

from __future__ import annotations

import pytest
from django.db import connection

from redleaf.core.compiled import Compiled
from redleaf.search.models import Term

pytestmark = pytest.mark.django_db


@pytest.fixture
def terms():
    for term, pinyin in [("猫咪", "maomi"), ("猫", "mao"), ("毛衣", "maoyi"), ("百分", "ma%o"), ("下划", "ma_o"),
                         ("面包", "mianbao")]:
        Term.objects.create(term=term, pinyin=pinyin, initials=pinyin[:1], df=len(pinyin))


def _by_prefix(value: str, limit: int):
    if connection.vendor == "postgresql":
        condition = {"pinyin__startswith": value}
    else:
        condition = {"pinyin__gte": value, "pinyin__lt": value + "\U0010ffff"}
    return Term.objects.filter(**condition).order_by("-df", "term").values_list("term")[:limit]


def test_the_rows_are_the_querysets_own_for_every_value(terms):
    compiled = Compiled(_by_prefix)
    for value in ["ma", "mao", "mi", "zz", "ma%", "ma_"]:
        assert compiled.rows(value, 10) == list(_by_prefix(value, 10)), value
    assert compiled.rows("ma", 2) == list(_by_prefix("ma", 2))  # another limit: another compiled form
    assert compiled.rows("ma%", 10) == [("百分",)]  # a LIKE wildcard in the value is a character


def test_an_equal_value_is_put_back_as_it_is(terms):
    compiled = Compiled(lambda value: Term.objects.filter(initials=value).order_by("term").values_list("term"))
    assert compiled.rows("m") == list(Term.objects.filter(initials="m").order_by("term").values_list("term"))
    assert len(compiled.rows("m")) == 6 and compiled.rows("x") == []


def test_a_like_prefix_is_escaped_as_django_escapes_it(terms):
    compiled = Compiled(lambda value: Term.objects.filter(pinyin__startswith=value).order_by("term").values_list("term"))
    for value in ["ma", "ma%", "ma_", "m\\", ""]:
        assert compiled.rows(value) == list(Term.objects.filter(pinyin__startswith=value).order_by("term")
                                            .values_list("term")), value
    assert compiled.rows("ma_") == [("下划",)]  # the LIKE wildcard is a character here


def test_a_form_it_cannot_put_back_is_refused():
    compiled = Compiled(lambda value: Term.objects.filter(pinyin__contains=value).values_list("term"))
    with pytest.raises(ValueError, match="cannot put back"):
        compiled.rows("ao")


# --- ByIds: ids and lists of ids ---------------------------------------------------------------------
@pytest.fixture
def topics():
    from redleaf.notes.models import Topic

    return [Topic.objects.create(name=f"t{i}", key=f"t{i}", notes_count=i).pk for i in range(6)]


def test_by_ids_gives_the_querysets_rows_and_instances_for_every_shape(topics):
    from redleaf.core.compiled import ByIds
    from redleaf.notes.models import Topic

    def build(first, others):
        return Topic.objects.filter(pk__in=[first, *others]).order_by("name").values_list("pk", "name", "created_at")

    compiled = ByIds(build)
    ids = topics
    for first, others in [(ids[0], []), (ids[1], ids[2:4]), (ids[5], ids[:5]), (ids[0], ids[1:2])]:
        assert compiled.rows(first, others) == list(build(first, others)), (first, others)
    assert compiled.rows(10**15, []) == []
    made = ByIds(lambda pk: Topic.objects.filter(pk=pk), model=Topic).instances(ids[2])
    assert [(t.pk, t.name, t.created_at) for t in made] == [(t.pk, t.name, t.created_at)
                                                           for t in Topic.objects.filter(pk=ids[2])]


def test_by_ids_refuses_an_id_that_does_not_reach_the_sql_as_itself():
    from redleaf.core.compiled import ByIds
    from redleaf.notes.models import Topic

    with pytest.raises(ValueError, match="parameter of its own"):  # made into text: not an id any more
        ByIds(lambda pk: Topic.objects.filter(name=str(pk)).values_list("name")).rows(3)
    with pytest.raises(ValueError, match="parameter of its own"):
        ByIds(lambda pk: Topic.objects.all().values_list("name")).rows(3)


def test_a_shape_run_again_converts_its_rows_as_the_queryset_does():
    """The converters (JSON, and datetimes on SQLite) are found once per shape and applied on every
    run: the second and third runs of a shape give what the queryset gives, not raw column values."""
    from redleaf.core.compiled import ByIds
    from redleaf.discovery import services
    from redleaf.discovery.models import InterestProfile
    from tests.factories import make_user

    members = [make_user(username=f"conv{i}") for i in range(3)]
    for i, member in enumerate(members):
        profile = services.profile_ensure(user=member)
        InterestProfile.objects.filter(pk=profile.pk).update(chosen_topics=[i, i + 1], topics={str(i): [1.5, "like"]})

    def build(pk):
        return InterestProfile.objects.filter(pk=pk).values_list("chosen_topics", "topics", "created_at")

    compiled = ByIds(build)
    for member in members * 2:
        rows = compiled.rows(member.pk)
        assert rows == list(build(member.pk))
        chosen, topics, created_at = rows[0]
        assert isinstance(chosen, list) and isinstance(topics, dict) and created_at.tzinfo is not None
