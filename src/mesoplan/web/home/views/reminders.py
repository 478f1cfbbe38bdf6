"""Choosing email reminders (logged in), and stopping them from the link in an email (no login)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from mesoplan.web.home import reminders
from mesoplan.web.home.models import ReminderChoice

KIND_NAMES = {reminders.PREP: gettext_lazy("preparation steps"), reminders.SESSIONS: gettext_lazy("sessions")}


class ReminderChoiceForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ReminderChoice
        fields = ("prep", "sessions")


@login_required
def reminder_choice(request: HttpRequest) -> HttpResponse:
    choice, _created = ReminderChoice.objects.get_or_create(user=request.user)
    form = ReminderChoiceForm(request.POST or None, instance=choice)
    if request.method == "POST" and form.is_valid():
        form.save()
        queued = reminders.requeue(request.user)
        messages.success(request, _("Saved. Reminders waiting to be sent: %(count)s.") % {"count": queued})
        return redirect("home:reminders")
    return render(request, "home/reminders.html", {"form": form, "email": getattr(request.user, "email", "")})


@csrf_exempt  # the signed token is the authority; mail clients' one-click unsubscribe posts without a form
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = reminders.read_token(token)
    user = get_user_model().objects.filter(pk=found[0]).first() if found else None
    if found is None or user is None:
        return render(request, "home/unsubscribe.html", {"invalid": True}, status=404)
    kind_name = KIND_NAMES[found[1]]
    with reminders.speaking(reminders.language_of(user)):  # the page in the language of the emails
        if request.method == "POST":
            reminders.stop(user.pk, found[1])
            return render(request, "home/unsubscribe.html", {"done": True, "kind_name": kind_name})
        return render(request, "home/unsubscribe.html", {"kind_name": kind_name, "token": token})
