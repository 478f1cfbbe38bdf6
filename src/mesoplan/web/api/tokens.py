"""Issuing and checking API tokens. The secret is `mp_` + 32 random bytes (URL-safe base64)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.utils import timezone

from mesoplan.web.api.models import ApiToken

PREFIX = "mp_"
# `last_used` is written at most this often per token: a write on every request would
# cost more than the request itself and would serialise SQLite writers.
LAST_USED_EVERY = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    """The SHA-256 (hex) a secret is stored as."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def default_scope(user: Any) -> str:
    """A clinic member's token reaches their clinics' records; anyone else's, their own diary."""
    from mesoplan.web.clinic.models import Membership  # the clinic app is optional for the token table

    return "clinic" if Membership.objects.filter(user=user).exists() else "personal"


def issue_token(user: Any, name: str, scope: str | None = None) -> tuple[ApiToken, str]:
    """Create a token for `user` (its scope by default: `default_scope`); returns it with its secret,
    which is never stored and cannot be shown again."""
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, token_hash=hash_secret(secret),
                                    prefix=secret[:len(PREFIX) + 6], scope=scope or default_scope(user))
    return token, secret


def user_for_secret(secret: str) -> Any | None:
    """The active user a live (not revoked) token belongs to, or None; notes when it was used."""
    token = token_for_secret(secret)
    return token.user if token is not None else None


def token_for_secret(secret: str) -> ApiToken | None:
    """The live (not revoked) token of an active user with this secret, or None; notes when it was used."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = (ApiToken.objects.select_related("user")
             .filter(token_hash=hash_secret(secret), revoked=False, user__is_active=True).first())
    if token is None:
        return None
    now = timezone.now()
    if token.last_used is None or now - token.last_used >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token


def revoke(user: Any, token_id: int) -> bool:
    """Revoke one of `user`'s tokens; False when they have no such token."""
    return ApiToken.objects.filter(user=user, pk=token_id).update(revoked=True) > 0
