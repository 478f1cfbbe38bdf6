"""Choices that the home diary's and the clinic's forms share."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SEVERITY_CHOICES = [(1, _("1 — barely")), (2, _("2 — mild")), (3, _("3 — moderate")), (4, _("4 — strong")),
                    (5, _("5 — severe"))]
