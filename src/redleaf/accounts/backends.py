"""Sign-in. Django's own backend turns away inactive (suspended) accounts altogether; ours lets a
suspended member sign in to a gated session (core/middleware.SuspendedGateMiddleware), where they can
read the statement of reasons for their suspension and appeal it, and nothing else."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend


class MemberBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        return True
