"""Create an account and log straight in; from an answer, that answer is saved to the account."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mesoplan.web.accounts import keep_answer
from mesoplan.web.accounts.forms import SignupForm


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("front:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account is ready."))
        if keep_answer.from_answer(request):
            kept = keep_answer.keep(request, user)
            if kept is not None:
                messages.success(request, _("Your check is saved in your account: this is your plan now."))
                return redirect("selfcheck:saved_detail", pk=kept.pk)
        return redirect("front:home")
    return render(request, "accounts/signup.html", {"form": form, "next": request.GET.get("next", "")})
