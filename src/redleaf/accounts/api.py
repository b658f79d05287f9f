"""API operations about members: sign-up and tokens, my profile, other members and how I relate to
them (follow, block, mute). Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from redleaf.accounts import selectors, services
from redleaf.api import render
from redleaf.api.auth import OPTIONAL, OPTIONAL_SECURITY, viewer
from redleaf.api.schemas import (
    BlockOut,
    FollowOut,
    MeOut,
    MuteOut,
    ProfileIn,
    SignupIn,
    SignupOut,
    TokenIn,
    TokenOut,
    UserOut,
    errors,
)
from redleaf.core.errors import NotFound, RedleafError

router = Router(tags=["members"])


# --- sign-up and tokens -----------------------------------------------------------------------
@router.post("/auth/signup", auth=None, response={201: SignupOut, **errors(400, 409)},
             summary="Sign up (201 with the new member and a token)")
def signup(request: HttpRequest, payload: SignupIn):
    user = services.user_signup(username=payload.username, password=payload.password,
                                display_name=payload.display_name, language=payload.language,
                                languages=payload.languages)
    token = services.token_create(user=user)
    return Status(201, {"user": render.me(request, user), "token": token})


@router.post("/auth/token", auth=None, response={200: TokenOut, **errors(400, 401)},
             summary="Get a token for a username and password")
def token_create(request: HttpRequest, payload: TokenIn):
    user = services.user_authenticate(username=payload.username, password=payload.password)
    return {"token": services.token_create(user=user)}


@router.delete("/auth/token", response={204: None, **errors(400, 401)},
               summary="Revoke the token this request was sent with (204)")
def token_revoke(request: HttpRequest):
    if not request.api_token:
        raise RedleafError("not_token_auth", _("This request was not made with a token."))
    services.token_revoke(user=request.auth, key=request.api_token)
    return Status(204, None)


# --- me -----------------------------------------------------------------------------------------
@router.get("/me", response={200: MeOut, **errors(401)}, summary="My profile")
def me_get(request: HttpRequest):
    return render.me(request, request.auth)


@router.patch("/me", response={200: MeOut, **errors(400, 401)},
              summary="Change my display name, bio, languages spoken or interface language")
def me_update(request: HttpRequest, payload: ProfileIn):
    user = services.profile_update(user=request.auth, **payload.model_dump(exclude_unset=True))
    return render.me(request, user)


# --- other members ------------------------------------------------------------------------------
@router.get("/users/{username}", auth=OPTIONAL, openapi_extra=OPTIONAL_SECURITY, response={200: UserOut, **errors(404)},
            summary="A member's profile (guests welcome; 404 if blocked either way)")
def user_detail(request: HttpRequest, username: str):
    user = selectors.user_get(viewer=viewer(request), username=username)
    me = viewer(request)
    relationship = selectors.relationship(viewer=me, other=user) if me and me.pk != user.pk else None
    return render.user_full(request, user, relationship)


@router.post("/users/{username}/follow", response={200: FollowOut, **errors(400, 401, 404, 409)},
             summary="Follow a member (200 with the new follower count)")
def user_follow(request: HttpRequest, username: str):
    target = selectors.user_get(viewer=request.auth, username=username)
    services.follow_create(follower=request.auth, followee=target)
    target = selectors.user_get(viewer=request.auth, username=username)
    return {"following": True, "followers": target.followers_count}


@router.delete("/users/{username}/follow", response={200: FollowOut, **errors(401, 404)},
               summary="Unfollow a member (200 with the new follower count)")
def user_unfollow(request: HttpRequest, username: str):
    target = selectors.user_get(viewer=request.auth, username=username)
    services.follow_delete(follower=request.auth, followee=target)
    target = selectors.user_get(viewer=request.auth, username=username)
    return {"following": False, "followers": target.followers_count}


@router.post("/users/{username}/block", response={200: BlockOut, **errors(400, 401, 404, 409)},
             summary="Block a member, silently; follows both ways end")
def user_block(request: HttpRequest, username: str):
    try:
        target = selectors.user_get(viewer=request.auth, username=username)
    except NotFound:  # hidden because I blocked them already? Then the service answers 409.
        target = selectors.user_get_blocked(blocker=request.auth, username=username)
    services.block_create(blocker=request.auth, blocked=target)
    return {"blocking": True}


@router.delete("/users/{username}/block", response={200: BlockOut, **errors(401, 404)},
               summary="Unblock a member")
def user_unblock(request: HttpRequest, username: str):
    target = selectors.user_get_blocked(blocker=request.auth, username=username)
    services.block_delete(blocker=request.auth, blocked=target)
    return {"blocking": False}


@router.post("/users/{username}/mute", response={200: MuteOut, **errors(400, 401, 404, 409)},
             summary="Mute a member: their notes leave my feeds")
def user_mute(request: HttpRequest, username: str):
    target = selectors.user_get(viewer=request.auth, username=username)
    services.mute_create(muter=request.auth, muted=target)
    return {"muting": True}


@router.delete("/users/{username}/mute", response={200: MuteOut, **errors(401, 404)},
               summary="Unmute a member")
def user_unmute(request: HttpRequest, username: str):
    target = selectors.user_get(viewer=request.auth, username=username)
    services.mute_delete(muter=request.auth, muted=target)
    return {"muting": False}
