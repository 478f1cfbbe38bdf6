"""Log in (with the throttled form); from an answer, that answer is saved to the account."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from mesoplan.web.accounts import keep_answer
from mesoplan.web.accounts.forms import ThrottledLoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        if keep_answer.from_answer(self.request):
            kept = keep_answer.keep(self.request, self.request.user)
            if kept is not None:
                messages.success(self.request, _("Your check is saved in your account: this is your plan now."))
                return redirect("selfcheck:saved_detail", pk=kept.pk)
        return response
