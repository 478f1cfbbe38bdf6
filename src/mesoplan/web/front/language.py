"""Which language a page is served in, and the switch that chooses it.

The account's saved choice comes first, then the visitor's choice kept in the
session, then `Accept-Language` (Django's LocaleMiddleware, which runs before),
then English. The chosen language is also handed to `mesoplan.i18n`, so the
dates, numbers and exports a page builds outside Django's templates follow it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from mesoplan import i18n

SESSION_KEY = "mesoplan_language"


def served(code: str | None) -> str | None:
    """`code` if the site serves that language, else None."""
    return code if code in {c for c, _ in settings.LANGUAGES} else None


def chosen_language(request: HttpRequest) -> str | None:
    """The language chosen with the switch: the account's, else the session's."""
    from mesoplan.web.accounts.models import saved_language

    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        saved = served(saved_language(user))
        if saved:
            return saved
    session = getattr(request, "session", None)
    return served(session.get(SESSION_KEY)) if session is not None else None


class LanguageMiddleware:
    """After authentication: serve the chosen language, and let `mesoplan.i18n` write in it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The API answers by Accept-Language alone: a program's session is not a reader's choice.
        chosen = None if request.path.startswith("/api/") else chosen_language(request)
        if chosen:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        served_language = translation.get_language()
        token = i18n.activate(served_language)
        try:
            response = self.get_response(request)
            # A view that answers in another language (a clinic client's handout) says so itself.
            response.headers.setdefault("Content-Language", translation.get_language() or served_language)
        finally:
            # Nothing of this request's language outlives it in the thread (Django leaves it active).
            i18n.deactivate(token)
            translation.deactivate()
        return response


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switch: saved on the account when logged in, else in the session."""
    from mesoplan.web.accounts.models import save_language

    nxt = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        nxt = "/"
    language = served(request.POST.get("language"))
    if language:
        if request.user.is_authenticated:
            save_language(request.user, language)
        request.session[SESSION_KEY] = language
        translation.activate(language)
    return HttpResponseRedirect(nxt)
