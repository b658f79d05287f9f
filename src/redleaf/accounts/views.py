"""Sign-up, login, settings and profiles in the browser. Every write goes through
accounts.services; these views only parse, call, and render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from redleaf.accounts import selectors, services
from redleaf.accounts.forms import LoginForm, SettingsForm, SignupForm
from redleaf.core.errors import Conflict, RedleafError
from redleaf.discovery.views import welcome_url
from redleaf.engagement import selectors as engagement_selectors
from redleaf.notes import selectors as note_selectors
from redleaf.web.shortcuts import is_partial, member_required, page_url, render_error, render_page, safe_next

PROFILE_TABS = ("notes", "boards", "likes")
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365


@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect(safe_next(request, "web:explore"))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_authenticate(username=form.cleaned_data["username"],
                                              password=form.cleaned_data["password"])
        except RedleafError as error:
            form.add_service_error(error)
        else:
            auth_login(request, user)
            return redirect(safe_next(request, "web:explore"))
    return render(request, "accounts/login.html", {"form": form, "next": safe_next(request, "")},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def signup_view(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect("web:explore")
    language = request.LANGUAGE_CODE
    form = SignupForm(request.POST or None, initial={
        "ui_language": language, "languages": ["zh" if language.startswith("zh") else "en"]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_signup(username=data["username"], password=data["password"],
                                        display_name=data["display_name"], language=data["ui_language"],
                                        languages=data["languages"])
        except RedleafError as error:
            form.add_service_error(error)
        else:
            auth_login(request, user)
            with translation.override(user.ui_language or request.LANGUAGE_CODE):  # the language just chosen
                messages.success(request, _("Welcome to Redleaf, %(name)s!") % {"name": user.name})
            return redirect(welcome_url(safe_next(request, "web:explore")))  # interests first (discovery)
    return render(request, "accounts/signup.html", {"form": form, "next": safe_next(request, "")},
                  status=400 if form.errors else 200)


@require_POST
def logout_view(request):
    auth_logout(request)
    return redirect("web:explore")


@require_http_methods(["GET", "POST"])
@member_required
def settings_view(request):
    if request.method == "POST":
        form = SettingsForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = services.profile_update(user=request.user, display_name=data["display_name"],
                                               bio=data["bio"], languages=data["languages"],
                                               ui_language=data["ui_language"], avatar=data["avatar"])
            except RedleafError as error:
                form.add_service_error(error)
            else:
                with translation.override(request.user.ui_language or request.LANGUAGE_CODE):
                    if user.profile_held:
                        messages.info(request, _("Saved. Your new name, bio or picture shows to others once a "
                                                 "moderator has looked at it."))
                    else:
                        messages.success(request, _("Your profile is saved."))
                return redirect("accounts:settings")
    else:
        form = SettingsForm.for_member(request.user)
    context = {"form": form, "blocked": selectors.blocked_members(user=request.user)}
    return render(request, "accounts/settings.html", context, status=400 if form.errors else 200)


@require_GET
def profile(request, username: str, tab: str = "notes"):
    viewer = request.user
    cursor = request.GET.get("cursor") or None
    try:
        member = selectors.user_get(viewer=viewer, username=username)
        is_owner = viewer.is_authenticated and viewer.pk == member.pk
        if tab == "likes" and not is_owner:
            raise Http404
        context = {"member": member, "is_owner": is_owner, "tab": tab, "notes": [], "next_url": ""}
        if tab == "boards":
            context["boards"] = engagement_selectors.user_boards(viewer=viewer, owner=member)
        else:
            if tab == "likes":
                page = note_selectors.user_liked_notes(viewer=viewer, cursor=cursor)
            else:
                page = note_selectors.user_notes(viewer=viewer, author=member, cursor=cursor)
            context["notes"] = page.items
            context["next_url"] = page_url(request.path, page.next_cursor)
        if not is_partial(request):
            context["rel"] = selectors.relationship(viewer=viewer, other=member)
    except RedleafError as error:
        return render_error(request, error)
    return render_page(request, "accounts/profile.html", "web/_waterfall.html", context)


# --- relationships: follow, block, mute (POSTs from the profile page) ----------------------------

def _relationship_changed(request, member, message: str = "") -> HttpResponse:
    """After a follow or unfollow: the button again (HTMX, in place) or back to where the member was."""
    if is_partial(request):
        fresh = selectors.user_get(viewer=request.user, username=member.username)
        context = {"member": fresh, "rel": selectors.relationship(viewer=request.user, other=fresh),
                   "counts_oob": request.POST.get("from") == "profile", "source": request.POST.get("from", "")}
        return render(request, "accounts/_follow_button.html", context)
    if message:
        messages.success(request, message)
    return redirect(safe_next(request, reverse("accounts:profile", args=[member.username])))


@require_POST
@member_required
def follow(request, username: str):
    try:
        member = selectors.user_get(viewer=request.user, username=username)
        try:
            services.follow_create(follower=request.user, followee=member)
        except Conflict as error:
            if error.code != "already_following":
                raise
    except RedleafError as error:
        return render_error(request, error)
    return _relationship_changed(request, member, _("You now follow %(name)s.") % {"name": member.name})


@require_POST
@member_required
def unfollow(request, username: str):
    try:
        member = selectors.user_get(viewer=request.user, username=username)
        try:
            services.follow_delete(follower=request.user, followee=member)
        except RedleafError as error:
            if error.code != "not_following":
                raise
    except RedleafError as error:
        return render_error(request, error)
    return _relationship_changed(request, member, _("You no longer follow %(name)s.") % {"name": member.name})


@require_POST
@member_required
def block(request, username: str):
    try:
        member = selectors.user_get(viewer=request.user, username=username)
        services.block_create(blocker=request.user, blocked=member)
    except RedleafError as error:
        return render_error(request, error)
    messages.success(request, _("You blocked %(name)s. They can no longer see your notes or reach you; "
                                "you can unblock them in Settings.") % {"name": member.name})
    target = reverse("web:explore")
    return HttpResponseClientRedirect(target) if request.htmx else redirect(target)


@require_POST
@member_required
def unblock(request, username: str):
    try:
        member = selectors.user_get_blocked(blocker=request.user, username=username)
        services.block_delete(blocker=request.user, blocked=member)
    except RedleafError as error:
        return render_error(request, error)
    messages.success(request, _("You unblocked %(name)s.") % {"name": member.name})
    return redirect(safe_next(request, reverse("accounts:settings")))


@require_POST
@member_required
def mute(request, username: str):
    try:
        member = selectors.user_get(viewer=request.user, username=username)
        services.mute_create(muter=request.user, muted=member)
    except RedleafError as error:
        if error.code != "already_muted":
            return render_error(request, error)
    messages.success(request, _("You muted %(name)s: their notes stay out of your feeds.") % {"name": member.name})
    return redirect(safe_next(request, reverse("accounts:profile", args=[member.username])))


@require_POST
@member_required
def unmute(request, username: str):
    try:
        member = selectors.user_get(viewer=request.user, username=username)
        services.mute_delete(muter=request.user, muted=member)
    except RedleafError as error:
        if error.code != "not_muted":
            return render_error(request, error)
    messages.success(request, _("You unmuted %(name)s.") % {"name": member.name})
    return redirect(safe_next(request, reverse("accounts:profile", args=[member.username])))


@require_POST
def language(request):
    """Switch the interface language: saved on the member, or in a cookie for visitors."""
    code = request.POST.get("language", "")
    if code not in {c for c, _name in settings.LANGUAGES}:
        return render_error(request, RedleafError("unknown_language", _("Unknown language.")))
    if request.user.is_authenticated:
        services.profile_update(user=request.user, ui_language=code)
    response = redirect(safe_next(request, "web:explore"))
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=LANGUAGE_COOKIE_AGE, samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE)
    return response
