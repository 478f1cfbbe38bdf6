"""Create an account and log straight in; from an answer, that answer is saved to the account."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from mesoplan.web.accounts import keep_answer
from mesoplan.web.accounts.forms import SignupForm
from mesoplan.web.accounts.models import save_language


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("front:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            # The language the person reads now becomes the account's: its emails use it (decisions item 5).
            save_language(user, translation.get_language() or settings.LANGUAGE_CODE)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account is ready."))
        if keep_answer.from_answer(request):
            kept = keep_answer.keep(request, user)
            if kept is not None:
                messages.success(request, _("Your check is saved in your account: this is your plan now."))
                return redirect("selfcheck:saved_detail", pk=kept.pk)
        return redirect("front:home")
    return render(request, "accounts/signup.html", {"form": form, "next": request.GET.get("next", "")})
