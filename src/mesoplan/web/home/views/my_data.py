"""The person's data page: download everything, or delete the account after a confirmation."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mesoplan.web.home import my_data


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("Your password"), widget=forms.PasswordInput, strip=False)
    understood = forms.BooleanField(label=gettext_lazy(
        "I understand that my account, my checks, my diary and my photos are deleted for good."))

    def __init__(self, user: object, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user

    def clean_password(self) -> str:
        password = str(self.cleaned_data.get("password", ""))
        if not self.user.check_password(password):  # type: ignore[attr-defined]
            raise forms.ValidationError(_("This is not your password."))
        return password


@login_required
def my_data_page(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        my_data.delete_account(user)
        messages.success(request, _("Your account and all its data are deleted."))
        return redirect("front:home")
    return render(request, "home/my_data.html", {"form": form}, status=400 if form.errors else 200)


@require_POST
@login_required
def export(request: HttpRequest) -> FileResponse:
    name = f"mesoplan-my-data-{timezone.localdate().isoformat()}.zip"
    return FileResponse(my_data.zip_file(request.user), as_attachment=True, filename=name,
                        content_type="application/zip")
