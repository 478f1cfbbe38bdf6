"""Fixtures of the home tests: a real SMTP server, and a real worker on the test's database."""

from __future__ import annotations

from worker_env import mailbox, worker_env  # noqa: F401 - fixtures
