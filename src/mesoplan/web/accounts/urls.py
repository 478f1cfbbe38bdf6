from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from mesoplan.web.accounts.views import login, signup

app_name = "accounts"


def _message(title: object, text: object, link_name: str = "", link_text: object = "") -> dict[str, object]:
    return {"title": title, "text": text, "link_name": link_name, "link_text": link_text}


urlpatterns = [
    path("signup/", signup.signup, name="signup"),
    path("login/", login.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/reset/", auth_views.PasswordResetView.as_view(
        template_name="accounts/simple_form.html",
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done"),
        extra_context={"title": _("Reset your password"), "button": _("Send me a link"),
                       "intro": _("Give the email address of your account: we send a link to choose a new password.")},
    ), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name="accounts/message.html",
        extra_context=_message(_("Check your email"), _(
            "If an account has this address, a link to choose a new password is on its way.")),
    ), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password_reset_complete"),
    ), name="password_reset_confirm"),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/message.html",
        extra_context=_message(_("Password changed"), _("Your new password is saved. You can log in with it now."),
                               "accounts:login", _("Log in")),
    ), name="password_reset_complete"),
    path("password/change/", auth_views.PasswordChangeView.as_view(
        template_name="accounts/simple_form.html",
        success_url=reverse_lazy("accounts:password_change_done"),
        extra_context={"title": _("Change your password"), "button": _("Save the new password")},
    ), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(
        template_name="accounts/message.html",
        extra_context=_message(_("Password changed"), _("Your new password is saved.")),
    ), name="password_change_done"),
]
