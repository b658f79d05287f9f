"""Likes, collects, comments and boards in the browser. Each action answers an HTMX request with
only the part of the note page that changed (the action bar, one comment, the comments list), and
a plain form post with a redirect back to the note, so everything also works without JavaScript."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from redleaf.core.errors import Conflict, RedleafError
from redleaf.engagement import policies, selectors, services
from redleaf.engagement.forms import BoardForm
from redleaf.notes import selectors as note_selectors
from redleaf.notes.models import NoteState
from redleaf.web.shortcuts import (
    LOGIN_URL,
    is_partial,
    login_redirect,
    member_required,
    page_url,
    render_error,
    render_page,
    safe_next,
)


def _note_url(note_id) -> str:
    return reverse("notes:detail", args=[note_id])


def member_action(view):
    """Actions are POSTs: a visitor is sent to log in and then back to the page they acted on (the
    note, or the page they came from), never to the action's own address."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if getattr(request, "htmx", None):
            return login_redirect(request)
        if "note_id" in kwargs:
            back = _note_url(kwargs["note_id"])
        else:
            referer = request.headers.get("Referer", "")
            ok = url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                 require_https=request.is_secure())
            back = urlsplit(referer)._replace(scheme="", netloc="").geturl() if ok and referer else "/"
        return redirect_to_login(back, resolve_url(LOGIN_URL))

    return wrapper


def actions_context(viewer, note) -> dict:
    """What the action bar needs besides the note: the viewer's boards for the collect picker."""
    if not viewer.is_authenticated or note.state != NoteState.PUBLISHED:
        return {}
    return {"boards": selectors.viewer_boards(viewer=viewer),
            "collected_board_id": selectors.collected_board_id(viewer=viewer, note=note)}


def _actions_changed(request, note_id, **extra) -> HttpResponse:
    """After a like or collect: the fresh action bar (HTMX) or back to the note."""
    if not is_partial(request):
        return redirect(safe_next(request, _note_url(note_id)))
    note = note_selectors.note_get(viewer=request.user, note_id=note_id)
    context = {"note": note, **actions_context(request.user, note), **extra}
    if extra.get("new_board_id") and context.get("boards"):  # a board just made comes first in the picker
        context["boards"].sort(key=lambda board: board.pk != extra["new_board_id"])
    return render(request, "engagement/_actions.html", context)


def _ignore(error: RedleafError, *codes: str) -> None:
    """A double click is not a mistake: liking a liked note (and the like) changes nothing."""
    if error.code not in codes:
        raise error


# --- likes and collects --------------------------------------------------------------------------

@require_POST
@member_action
def like(request, note_id: int):
    try:
        note = note_selectors.note_get(viewer=request.user, note_id=note_id)
        try:
            services.like_create(user=request.user, note=note)
        except Conflict as error:
            _ignore(error, "already_liked")
        return _actions_changed(request, note_id)
    except RedleafError as error:
        return render_error(request, error)


@require_POST
@member_action
def unlike(request, note_id: int):
    try:
        note = note_selectors.note_get(viewer=request.user, note_id=note_id)
        try:
            services.like_delete(user=request.user, note=note)
        except RedleafError as error:
            _ignore(error, "not_liked")
        return _actions_changed(request, note_id)
    except RedleafError as error:
        return render_error(request, error)


@require_POST
@member_action
def collect(request, note_id: int):
    try:
        note = note_selectors.note_get(viewer=request.user, note_id=note_id)
        board_id = request.POST.get("board_id")
        board = selectors.board_get(viewer=request.user, board_id=board_id) if board_id else None
        try:
            services.collect_create(user=request.user, note=note, board=board)
        except Conflict as error:
            _ignore(error, "already_collected")
        return _actions_changed(request, note_id)
    except RedleafError as error:
        return render_error(request, error)


@require_POST
@member_action
def uncollect(request, note_id: int):
    try:
        note = note_selectors.note_get(viewer=request.user, note_id=note_id)
        try:
            services.collect_delete(user=request.user, note=note)
        except RedleafError as error:
            _ignore(error, "not_collected")
        return _actions_changed(request, note_id)
    except RedleafError as error:
        return render_error(request, error)


# --- comments ------------------------------------------------------------------------------------

def _comment_context(request, note) -> dict:
    viewer = request.user
    return {"note": note, "is_note_author": viewer.is_authenticated and viewer.pk == note.author_id}


@require_http_methods(["GET", "POST"])
def comments(request, note_id: int):
    if request.method == "POST":
        return comment_create(request, note_id)
    cursor = request.GET.get("cursor") or None
    try:
        note = note_selectors.note_get(viewer=request.user, note_id=note_id)
        page = selectors.comments_page(viewer=request.user, note=note, cursor=cursor)
    except RedleafError as error:
        return render_error(request, error)
    context = {**_comment_context(request, note), "comments": page.items, "cursor": cursor,
               "comments_next_url": page_url(request.path, page.next_cursor)}
    return render_page(request, "engagement/comments.html", "engagement/_comment_page.html", context)


@member_action
def comment_create(request, note_id: int):
    viewer = request.user
    text = request.POST.get("text", "")
    try:
        note = note_selectors.note_get(viewer=viewer, note_id=note_id)
        reply_id = request.POST.get("reply_to")
        reply_to = selectors.comment_get(viewer=viewer, comment_id=reply_id) if reply_id else None
        comment = services.comment_create(author=viewer, note=note, text=text, reply_to=reply_to)
    except RedleafError as error:
        if not is_partial(request):
            return render_error(request, error)
        response = render(request, "engagement/_form_error.html", {"message": error.message},
                          status=error.status)
        return reswap(retarget(response, f"#comment-error-{note_id}"), "innerHTML")
    if not is_partial(request):
        return redirect(f"{_note_url(note_id)}#comment-{comment.pk}")
    note = note_selectors.note_get(viewer=viewer, note_id=note_id)
    context = {**_comment_context(request, note), **actions_context(viewer, note), "comment": comment,
               "reply": comment if comment.parent_id else None, "fresh": True}
    response = render(request, "engagement/_comment_created.html", context)
    if comment.parent_id:
        return reswap(retarget(response, f"#replies-{comment.parent_id}"), "beforeend")
    return reswap(retarget(response, f"#new-comments-{note_id}"), "afterbegin")


@require_GET
def replies(request, comment_id: int):
    cursor = request.GET.get("cursor") or None
    try:
        comment = selectors.comment_get(viewer=request.user, comment_id=comment_id)
        page = selectors.replies_page(viewer=request.user, comment=comment, cursor=cursor)
    except RedleafError as error:
        return render_error(request, error)
    context = {**_comment_context(request, comment.note), "comment": comment, "replies": page.items,
               "replies_next_url": page_url(request.path, page.next_cursor)}
    return render_page(request, "engagement/replies.html", "engagement/_replies_page.html", context)


def _comment_changed(request, comment_id, liked: bool) -> HttpResponse:
    comment = selectors.comment_get(viewer=request.user, comment_id=comment_id)
    if not is_partial(request):
        return redirect(safe_next(request, f"{_note_url(comment.note_id)}#comment-{comment.pk}"))
    return render(request, "engagement/_comment_like.html", {"comment": comment, "liked": liked})


@require_POST
@member_action
def comment_like(request, comment_id: int):
    try:
        comment = selectors.comment_get(viewer=request.user, comment_id=comment_id)
        try:
            services.comment_like_create(user=request.user, comment=comment)
        except Conflict as error:
            _ignore(error, "already_liked")
        return _comment_changed(request, comment_id, liked=True)
    except RedleafError as error:
        return render_error(request, error)


@require_POST
@member_action
def comment_unlike(request, comment_id: int):
    try:
        comment = selectors.comment_get(viewer=request.user, comment_id=comment_id)
        try:
            services.comment_like_delete(user=request.user, comment=comment)
        except RedleafError as error:
            _ignore(error, "not_liked")
        return _comment_changed(request, comment_id, liked=False)
    except RedleafError as error:
        return render_error(request, error)


def _comments_rearranged(request, note_id) -> HttpResponse:
    """After a pin or unpin the order changes: the first page of comments again, pinned one first."""
    if not is_partial(request):
        return redirect(f"{_note_url(note_id)}#comments")
    note = note_selectors.note_get(viewer=request.user, note_id=note_id)
    page = selectors.comments_page(viewer=request.user, note=note)
    context = {**_comment_context(request, note), "comments": page.items,
               "comments_next_url": page_url(reverse("engagement:comments", args=[note.pk]), page.next_cursor)}
    return render(request, "engagement/_comments.html", context)


@require_POST
@member_action
def comment_pin(request, comment_id: int):
    try:
        comment = selectors.comment_get(viewer=request.user, comment_id=comment_id)
        services.comment_pin(comment=comment, actor=request.user)
        return _comments_rearranged(request, comment.note_id)
    except RedleafError as error:
        return render_error(request, error)


@require_POST
@member_action
def comment_unpin(request, comment_id: int):
    try:
        comment = selectors.comment_get(viewer=request.user, comment_id=comment_id)
        services.comment_unpin(comment=comment, actor=request.user)
        return _comments_rearranged(request, comment.note_id)
    except RedleafError as error:
        return render_error(request, error)


@require_POST
@member_action
def comment_delete(request, comment_id: int):
    """Removes the comment (and its replies) in place; the counts follow out of band."""
    try:
        comment = selectors.comment_get(viewer=request.user, comment_id=comment_id)
        services.comment_delete(comment=comment, actor=request.user)
        if not is_partial(request):
            return redirect(f"{_note_url(comment.note_id)}#comments")
        note = note_selectors.note_get(viewer=request.user, note_id=comment.note_id)
    except RedleafError as error:
        return render_error(request, error)
    context = {"note": note, **actions_context(request.user, note)}
    return render(request, "engagement/_comment_deleted.html", context)


# --- boards --------------------------------------------------------------------------------------

@require_GET
def board(request, board_id: int):
    cursor = request.GET.get("cursor") or None
    try:
        found = selectors.board_get(viewer=request.user, board_id=board_id)
        page = selectors.board_notes(viewer=request.user, board=found, cursor=cursor)
    except RedleafError as error:
        return render_error(request, error)
    context = {"board": found, "notes": page.items, "next_url": page_url(request.path, page.next_cursor),
               "is_owner": request.user.is_authenticated and request.user.pk == found.owner_id}
    return render_page(request, "engagement/board.html", "web/_waterfall.html", context)


@require_http_methods(["GET", "POST"])
@member_required
def board_create(request):
    """A board page form, or (with `note`) the collect picker's inline "new board" on a note page."""
    form = BoardForm(request.POST or None)
    note_id = request.POST.get("note") or request.GET.get("note")
    if note_id:
        # The note first, before anything is written: one that cannot exist ("abc") or that the
        # member may not see is a 404, not a board made and then a 500 or a 404 after it.
        try:
            note_id = note_selectors.note_get(viewer=request.user, note_id=note_id).pk
        except RedleafError as error:
            return render_error(request, error)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.board_create(owner=request.user, name=data["name"],
                                            description=data["description"], is_private=data["is_private"])
        except RedleafError as error:
            form.add_service_error(error)
        else:
            if note_id and is_partial(request):
                try:
                    return _actions_changed(request, note_id, picker_open=True, new_board_id=created.pk)
                except RedleafError as error:
                    return render_error(request, error)
            if note_id:
                return redirect(_note_url(note_id))
            messages.success(request, _("Board created."))
            return redirect("engagement:board", board_id=created.pk)
    if note_id and is_partial(request) and form.errors:
        response = render(request, "engagement/_form_error.html", {"message": form.first_error()},
                          status=form.status)
        return reswap(retarget(response, f"#board-error-{note_id}"), "innerHTML")
    return render(request, "engagement/board_form.html", {"form": form, "board": None},
                  status=form.status if form.errors else 200)


@require_http_methods(["GET", "POST"])
@member_required
def board_edit(request, board_id: int):
    try:
        found = selectors.board_get(viewer=request.user, board_id=board_id)
        policies.require_board_owner(request.user, found)
    except RedleafError as error:
        return render_error(request, error)
    form = BoardForm(request.POST or None, initial={"name": found.name, "description": found.description,
                                                     "is_private": found.is_private})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.board_update(board=found, actor=request.user, name=data["name"],
                                  description=data["description"], is_private=data["is_private"])
        except RedleafError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Board saved."))
            return redirect("engagement:board", board_id=found.pk)
    return render(request, "engagement/board_form.html", {"form": form, "board": found},
                  status=form.status if form.errors else 200)


@require_http_methods(["GET", "POST"])
@member_required
def board_delete(request, board_id: int):
    try:
        found = selectors.board_get(viewer=request.user, board_id=board_id)
        if request.method == "POST":
            services.board_delete(board=found, actor=request.user)
        else:
            policies.require_board_owner(request.user, found)
    except RedleafError as error:
        return render_error(request, error)
    if request.method != "POST":
        return render(request, "engagement/board_confirm_delete.html", {"board": found})
    messages.success(request, _("Board deleted."))
    return redirect("accounts:profile_boards", username=request.user.username)
