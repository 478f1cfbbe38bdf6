"""API tokens die with the password: a new password (changed, reset, set by an admin or the
`changepassword` command) revokes every token of the account.

Whoever learnt the old password may have made a token with it; a password change is how a
person takes their account back, so it must end that access too."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save

from mesoplan.web.api.models import ApiToken


def _revoke_on_new_password(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    # `set_password` keeps the new raw password in `_password` until the save that stores it
    # (this signal runs inside that save); a hash upgraded at login clears it first, so only a
    # real new password revokes.
    if not created and getattr(instance, "_password", None) is not None:
        ApiToken.objects.filter(user=instance, revoked=False).update(revoked=True)


def connect() -> None:
    post_save.connect(_revoke_on_new_password, sender=get_user_model(), dispatch_uid="mesoplan-revoke-tokens")
