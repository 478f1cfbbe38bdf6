"""The WSGI application that `mesoplan serve` hands to gunicorn."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesoplan.web.settings")

application = get_wsgi_application()
