"""Sending a text message: a small interface, and the console implementation used until a provider is set.

`MESOPLAN_SMS_BACKEND` names the class (dotted path); it is built without arguments and must
have `send(to, text)`, raising any exception when the message did not leave.
"""

from __future__ import annotations

import sys
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class SmsSender(Protocol):
    def send(self, to: str, text: str) -> None: ...


class ConsoleSms:
    """Writes the message to standard output: development, and installations with no SMS provider."""

    def send(self, to: str, text: str) -> None:
        sys.stdout.write(f"SMS to {to}:\n{text}\n\n")
        sys.stdout.flush()


def sender() -> SmsSender:
    """The configured SMS sender."""
    cls = import_string(getattr(settings, "MESOPLAN_SMS_BACKEND", "mesoplan.web.outbox.sms.ConsoleSms"))
    instance: SmsSender = cls()
    return instance
