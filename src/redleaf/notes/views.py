"""A note in the browser: its page (pictures, text, actions, comments), the composer for new notes
and edits, delete and publish. Writes go through notes.services, reads through the selectors; a
note the viewer may not see is a 404 whatever the reason."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from redleaf.accounts import selectors as account_selectors
from redleaf.core.errors import RedleafError
from redleaf.engagement import selectors as engagement_selectors
from redleaf.engagement.views import actions_context
from redleaf.notes import selectors, services
from redleaf.notes.forms import ComposeForm
from redleaf.notes.models import Audience, NoteState
from redleaf.web.shortcuts import member_required, page_url, render_error

# The note page opens with this many comments (each with its first replies); "more comments" pages
# on by the usual page size. Fewer on arrival keeps the page quick to build and to read.
FIRST_COMMENTS = 10


def _is_author(viewer, note) -> bool:
    return viewer.is_authenticated and viewer.pk == note.author_id


@require_GET
def detail(request, note_id: int):
    viewer = request.user
    try:
        note = selectors.note_get(viewer=viewer, note_id=note_id)
    except RedleafError as error:
        return render_error(request, error)
    published = note.state == NoteState.PUBLISHED
    context = {
        "note": note,
        "images": [item.image for item in note.note_images.all()],
        "is_author": _is_author(viewer, note),
        "is_note_author": _is_author(viewer, note),  # what the comment partials call it
        "published": published,
        "comments": [],
        "comments_next_url": "",
        "comment_max": settings.COMMENT_MAX,
    }
    if published:
        page = engagement_selectors.comments_page(viewer=viewer, note=note, size=FIRST_COMMENTS)
        context["comments"] = page.items
        context["comments_next_url"] = page_url(reverse("engagement:comments", args=[note.pk]), page.next_cursor)
        context.update(actions_context(viewer, note))
        reply_to = request.GET.get("reply_to")  # "Reply" without JavaScript: the form names who you answer
        if reply_to and viewer.is_authenticated:
            try:
                context["reply_to"] = engagement_selectors.comment_get(viewer=viewer, comment_id=reply_to)
            except RedleafError:
                pass
    if viewer.is_authenticated and not context["is_author"]:
        context["rel"] = account_selectors.relationship(viewer=viewer, other=note.author)
    return render(request, "notes/detail.html", context)


# --- composer ------------------------------------------------------------------------------------

def _kept_items(note, form: ComposeForm) -> list[dict]:
    """The note's pictures as the composer shows them: after an error, in the member's order."""
    if note is None:
        return []
    images = {item.image.pk: item.image for item in note.note_images.all()}
    if not form.is_bound:
        return [{"image": image, "alt": image.alt} for image in images.values()]
    arrangement = getattr(form, "cleaned_data", {}).get("order")
    ids = [value for kind, value in arrangement if kind == "kept"] if arrangement is not None else list(images)
    alts = form.kept_alts()
    return [{"image": images[i], "alt": alts.get(i, images[i].alt)} for i in ids if i in images]


def _render_composer(request, form: ComposeForm, note=None):
    status = 200
    if form.service_error is not None:
        status = form.service_error.status
    elif form.errors:
        status = 400
    context = {"form": form, "note": note, "kept": _kept_items(note, form), "editing": note is not None,
               "audiences": _audiences(form, note)}
    return render(request, "notes/compose.html", context, status=status)


def _audiences(form: ComposeForm, note) -> list[tuple[str, str, bool]]:
    if form.is_bound:
        current = form.data.get("audience") or Audience.PUBLIC
    else:
        current = note.audience if note else Audience.PUBLIC
    return [(value, label, value == current) for value, label in Audience.choices]


@require_http_methods(["GET", "POST"])
@member_required
def compose(request):
    if request.method != "POST":
        return _render_composer(request, ComposeForm())
    form = ComposeForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            images, alts = form.ordered_uploads()
            note = services.note_create(author=request.user, title=data["title"], body=data["body"],
                                        audience=data["audience"], images=images, alts=alts,
                                        draft=data["action"] == "draft")
        except RedleafError as error:
            form.add_service_error(error)
        else:
            if note.state == NoteState.DRAFT:
                messages.success(request, _("Draft saved. Only you can see it."))
            elif note.state == NoteState.PUBLISHED:
                messages.success(request, _("Your note is out."))
            else:
                messages.info(request, _("Your note is under review: only you can see it until it is released."))
            return redirect("notes:detail", note_id=note.pk)
    return _render_composer(request, form)


@require_http_methods(["GET", "POST"])
@member_required
def edit(request, note_id: int):
    try:
        note = selectors.note_for_update(actor=request.user, note_id=note_id)
    except RedleafError as error:
        return render_error(request, error)
    if request.method != "POST":
        return _render_composer(request, ComposeForm(initial={"title": note.title, "body": note.body}), note)
    kept_ids = [item.image.pk for item in note.note_images.all()]
    form = ComposeForm(request.POST, request.FILES, kept_ids=kept_ids)
    if form.is_valid():
        data = form.cleaned_data
        try:
            note = services.note_update_arranged(
                note=note, actor=request.user, arrangement=data["order"], new_images=form.uploads,
                new_alts=form.new_alts, kept_alts=form.kept_alts(), title=data["title"], body=data["body"],
                audience=data["audience"], publish=data["action"] == "publish",
            )
        except RedleafError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("notes:detail", note_id=note.pk)
    return _render_composer(request, form, note)


# --- delete and publish --------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@member_required
def delete(request, note_id: int):
    """GET asks "are you sure?"; POST deletes and goes to the author's profile."""
    try:
        note = selectors.note_for_update(actor=request.user, note_id=note_id)
        if request.method == "POST":
            services.note_delete(note=note, actor=request.user)
    except RedleafError as error:
        return render_error(request, error)
    if request.method != "POST":
        return render(request, "notes/confirm_delete.html", {"note": note})
    messages.success(request, _("The note is deleted."))
    return redirect("accounts:profile", username=request.user.username)


@require_POST
@member_required
def publish(request, note_id: int):
    try:
        note = selectors.note_for_update(actor=request.user, note_id=note_id)
        note = services.note_update(note=note, actor=request.user, publish=True)
    except RedleafError as error:
        return render_error(request, error)
    if note.state == NoteState.PUBLISHED:
        messages.success(request, _("Your note is out."))
    else:
        messages.info(request, _("Your note is under review: only you can see it until it is released."))
    return redirect("notes:detail", note_id=note.pk)
