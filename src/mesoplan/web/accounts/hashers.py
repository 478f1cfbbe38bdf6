"""The password hasher: argon2id with parameters chosen to bound what one login costs.

Django's defaults (100 MiB of memory, 8 lanes) made every failed login cost about 100 MB,
so a few dozen wrong passwords at once could exhaust a small server. These are the OWASP
Password Storage Cheat Sheet's first argon2id setting: 19 MiB of memory, 2 passes, 1 lane
(about 20 MB and a few tens of milliseconds per login on one core), still far beyond what
a password-guessing GPU can do cheaply. The name stays `argon2`: a hash made with the old
parameters still verifies (they are stored in it) and is re-made with these at the next
successful login.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class BoundedArgon2PasswordHasher(Argon2PasswordHasher):
    """argon2id, m=19 MiB, t=2, p=1 (see the module's docstring; README.md says it to operators)."""

    memory_cost = 19 * 1024  # KiB
    time_cost = 2
    parallelism = 1
