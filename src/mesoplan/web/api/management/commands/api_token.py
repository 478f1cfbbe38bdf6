"""`api_token USERNAME --name NAME [--scope personal|clinic]`: make an API token for a user and print
its secret (shown once)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mesoplan.web.api.tokens import issue_token


class Command(BaseCommand):
    help = "Make an API token for a user and print its secret; only its hash is stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="what the token is for")
        parser.add_argument("--scope", choices=("personal", "clinic"), default=None,
                            help="the person's own diary, or their clinics' records (default: clinic for a "
                                 "clinic member, personal otherwise)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model()._default_manager.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        _token, secret = issue_token(user, options["name"], options["scope"])
        self.stdout.write(secret)
