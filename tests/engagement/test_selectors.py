"""engagement/selectors.py: comment threads, boards, and what they cost."""

import pytest

from redleaf.accounts import services as account_services
from redleaf.core.errors import RedleafError
from redleaf.engagement import selectors, services
from redleaf.engagement.models import Board
from tests import factories


def texts(comments) -> list[str]:
    return [c.text for c in comments]


@pytest.fixture
def hotpot(mei):
    return factories.make_note(mei, title="#火锅", images=0)


def all_pages(**kwargs) -> list:
    items, cursor = [], None
    while True:
        page = selectors.comments_page(cursor=cursor, **kwargs)
        items += page.items
        if not page.next_cursor:
            return items
        cursor = page.next_cursor


# --- comments -------------------------------------------------------------------------------------
def test_comments_page_oldest_first_with_the_pinned_one_leading(hotpot, mei, alex):
    for i in range(4):
        services.comment_create(author=alex, note=hotpot, text=f"c{i}")
    services.comment_pin(comment=selectors.comment_get(viewer=mei, comment_id=_id_of(hotpot, "c2")), actor=mei)
    page = selectors.comments_page(viewer=alex, note=hotpot)
    assert texts(page.items) == ["c2", "c0", "c1", "c3"]
    assert page.items[0].is_pinned


def _id_of(note, text):
    return note.comments.get(text=text).pk


def test_the_pinned_comment_is_shown_once_across_pages(hotpot, mei, alex):
    for i in range(7):
        services.comment_create(author=alex, note=hotpot, text=f"c{i}")
    services.comment_pin(comment=hotpot.comments.get(text="c4"), actor=mei)
    items = all_pages(viewer=alex, note=hotpot, size=2)
    assert texts(items) == ["c4", "c0", "c1", "c2", "c3", "c5", "c6"]


def test_at_most_three_replies_are_shown_under_each_root(hotpot, mei, alex, mod_lin):
    busy = services.comment_create(author=alex, note=hotpot, text="busy")
    quiet = services.comment_create(author=mod_lin, note=hotpot, text="quiet")
    for i in range(5):
        services.comment_create(author=mei, note=hotpot, text=f"r{i}", reply_to=busy)
    services.comment_create(author=alex, note=hotpot, text="only", reply_to=quiet)
    page = selectors.comments_page(viewer=None, note=hotpot)
    assert texts(page.items) == ["busy", "quiet"]  # replies are not roots
    assert texts(page.items[0].shown_replies) == ["r0", "r1", "r2"]
    assert page.items[0].replies_count == 5
    assert texts(page.items[1].shown_replies) == ["only"]
    replies = selectors.replies_page(viewer=None, comment=busy, size=2)
    assert texts(replies.items) == ["r0", "r1"]
    rest = selectors.replies_page(viewer=None, comment=busy, cursor=replies.next_cursor, size=10)
    assert texts(rest.items) == ["r2", "r3", "r4"] and rest.next_cursor is None


def test_comments_of_members_blocked_either_way_are_hidden(hotpot, mei, alex, mod_lin):
    root = services.comment_create(author=alex, note=hotpot, text="alex")
    services.comment_create(author=mod_lin, note=hotpot, text="lin")
    services.comment_create(author=mod_lin, note=hotpot, text="lin's reply", reply_to=root)
    services.comment_create(author=mei, note=hotpot, text="mei's reply", reply_to=root)
    account_services.block_create(blocker=alex, blocked=mod_lin)
    page = selectors.comments_page(viewer=alex, note=hotpot)
    assert texts(page.items) == ["alex"] and texts(page.items[0].shown_replies) == ["mei's reply"]
    page = selectors.comments_page(viewer=mod_lin, note=hotpot)  # the blocked member: the other way
    assert texts(page.items) == ["lin"]
    page = selectors.comments_page(viewer=mei, note=hotpot)
    assert texts(page.items) == ["alex", "lin"]
    assert texts(page.items[0].shown_replies) == ["lin's reply", "mei's reply"]


def test_comments_carry_the_viewers_like(hotpot, alex, mod_lin):
    comment = services.comment_create(author=alex, note=hotpot, text="x")
    services.comment_like_create(user=mod_lin, comment=comment)
    assert selectors.comments_page(viewer=mod_lin, note=hotpot).items[0].viewer_liked is True
    assert selectors.comments_page(viewer=alex, note=hotpot).items[0].viewer_liked is False


@pytest.mark.parametrize("comment_id", ["x", None, 0, -3, 2**64, "12345"])
def test_comment_get_with_ids_that_name_nothing(db, comment_id):
    with pytest.raises(RedleafError) as info:
        selectors.comment_get(viewer=None, comment_id=comment_id)
    assert (info.value.code, info.value.status) == ("comment_not_found", 404)


def test_comment_get_follows_the_notes_visibility(mei, alex):
    secret = factories.make_note(mei, title="friends", images=0, audience="followers")
    comment = services.comment_create(author=mei, note=secret, text="x")
    assert selectors.comment_get(viewer=mei, comment_id=comment.pk) == comment
    with pytest.raises(RedleafError):
        selectors.comment_get(viewer=alex, comment_id=comment.pk)


# --- boards -----------------------------------------------------------------------------------------
def test_boards_public_private_and_default(mei, alex):
    public = services.board_create(owner=alex, name="Food")
    private = services.board_create(owner=alex, name="Secret", is_private=True)
    default = Board.objects.get(owner=alex, is_default=True)
    assert selectors.user_boards(viewer=alex, owner=alex) == [default, private, public]
    assert selectors.user_boards(viewer=mei, owner=alex) == [public]
    assert selectors.user_boards(viewer=None, owner=alex) == [public]
    assert selectors.board_get(viewer=mei, board_id=str(public.pk)) == public
    for board in (private, default):
        with pytest.raises(RedleafError) as info:
            selectors.board_get(viewer=mei, board_id=board.pk)
        assert info.value.code == "board_not_found"
    assert selectors.viewer_boards(viewer=alex) == [default, public, private]


def test_a_blocked_member_cannot_open_the_blockers_boards(mei, alex):
    board = services.board_create(owner=alex, name="Food")
    account_services.block_create(blocker=alex, blocked=mei)
    with pytest.raises(RedleafError) as info:
        selectors.board_get(viewer=mei, board_id=board.pk)
    assert info.value.status == 404


def test_board_notes_newest_collect_first_and_only_visible(mei, alex, mod_lin):
    a = factories.make_note(mei, title="a", images=0)
    b = factories.make_note(mod_lin, title="b", images=0)
    c = factories.make_note(mei, title="c", images=0)
    board = services.board_create(owner=alex, name="Food")
    for note in (b, a, c):
        services.collect_create(user=alex, note=note, board=board)
    assert [n.pk for n in selectors.board_notes(viewer=None, board=board).items] == [c.pk, a.pk, b.pk]
    account_services.block_create(blocker=mod_lin, blocked=mei)
    assert [n.pk for n in selectors.board_notes(viewer=mei, board=board).items] == [c.pk, a.pk]
    assert selectors.collected_board_id(viewer=alex, note=a) == board.pk
    assert selectors.collected_board_id(viewer=mei, note=a) is None
    assert selectors.collected_board_id(viewer=None, note=a) is None


def test_user_boards_show_a_few_covers_at_a_fixed_cost(mei, alex, django_assert_num_queries):
    board = services.board_create(owner=alex, name="Food")
    for i in range(6):
        services.collect_create(user=alex, note=factories.make_note(mei, title=f"n{i}"), board=board)
    with django_assert_num_queries(2):
        boards = selectors.user_boards(viewer=None, owner=alex)
        covers = [c.note.cover.thumb_url for c in boards[0].collects.all()]
    assert 1 <= len(covers) <= 4


# --- query budget -----------------------------------------------------------------------------------
@pytest.mark.parametrize("roots", [3, 20])
def test_comments_page_query_budget(hotpot, mei, alex, mod_lin, django_assert_num_queries, roots):
    account_services.block_create(blocker=mod_lin, blocked=alex)
    made = [services.comment_create(author=mei, note=hotpot, text=f"c{i}") for i in range(roots)]
    for comment in made:
        for _ in range(4):
            services.comment_create(author=alex, note=hotpot, text="reply", reply_to=comment)
    services.comment_pin(comment=made[-1], actor=mei)
    # blocked ids; the pinned comment; the page; the replies
    with django_assert_num_queries(4):
        page = selectors.comments_page(viewer=alex, note=hotpot)
        for comment in page.items:
            _ = (comment.author.name, comment.author.avatar, comment.viewer_liked)
            _ = [(r.author.name, r.reply_to_user, r.viewer_liked) for r in comment.shown_replies]
    assert len(page.items) == roots
    assert all(len(c.shown_replies) == 3 for c in page.items)


def test_board_covers_show_only_notes_the_viewer_may_see(mei, alex, mod_lin, django_assert_num_queries):
    account_services.follow_create(follower=alex, followee=mei)
    public = factories.make_note(mei, title="public")
    friends = factories.make_note(mei, title="friends only", audience="followers")
    board = services.board_create(owner=alex, name="Food")
    services.collect_create(user=alex, note=public, board=board)
    services.collect_create(user=alex, note=friends, board=board)
    for viewer, expected in ((alex, ["friends only", "public"]), (mod_lin, ["public"]), (None, ["public"])):
        boards = selectors.user_boards(viewer=viewer, owner=alex)
        mine = next(b for b in boards if b.pk == board.pk)
        assert [c.note.title for c in mine.collects.all()] == expected
    with django_assert_num_queries(3):  # blocked ids; boards; covers
        boards = selectors.user_boards(viewer=mod_lin, owner=alex)
        _ = [c.note.cover for b in boards for c in b.collects.all()]
