"""Staff by invitation: the admin invites an email with a role (front desk unless chosen), the link is shown
and emailed, works once and expires; the invitee sets up their own account or joins with theirs. Inviting
never tells whether an address has an account. Removing asks first. What a member signs carries their full
name and credentials."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from clinic_builders import chart, published, signed_consent
from clinic_world import Side
from django.core import mail
from django.test import Client as Browser
from web_builders import PASSWORD, person

from mesoplan.web.clinic import charting, invitations
from mesoplan.web.clinic.models import Invitation, Membership, StaffProfile

pytestmark = pytest.mark.django_db


def _invite(client: Browser, side: Side, email: str, role: str = "front_desk") -> str:
    """Invite as the admin; the link from the email."""
    client.force_login(side.admin)
    data = {"email": email, "role": role}
    response = client.post(f"/clinic/org/{side.organisation.pk}/members/", data)
    assert response.status_code == 302
    found = re.search(r"http://testserver(/clinic/invitations/[^/\s]+/)", mail.outbox[-1].body)
    assert found is not None
    return found.group(1)


def _account(link: str, browser: Browser, username: str = "nina") -> Browser:
    browser.post(link, {"full_name": "Nina  Roy", "title": "cosmetologist", "registration_number": "C-778",
                        "username": username, "password1": PASSWORD, "password2": PASSWORD})
    return browser


def test_the_new_members_role_is_the_front_desk_unless_the_admin_chooses(client: Browser, ours: Side) -> None:
    client.force_login(ours.admin)
    page = client.get(f"/clinic/org/{ours.organisation.pk}/").content.decode()
    role = page.split('id="invite-form"')[1].split("</select>")[0]
    assert re.search(r'<option value="front_desk" selected>', role)
    assert role.index("front_desk") < role.index("practitioner") < role.index('"admin"')


def test_an_invitee_sets_up_their_own_account_from_the_emailed_link_and_joins(ours: Side) -> None:
    admin = Browser()
    link = _invite(admin, ours, "nina@example.org", "practitioner")
    assert mail.outbox[-1].to == ["nina@example.org"] and "Clinic a" in mail.outbox[-1].subject
    assert link in admin.get(f"/clinic/org/{ours.organisation.pk}/").content.decode()  # shown to copy
    nina = _account(link, Browser())
    membership = Membership.objects.get(user__username="nina")
    assert (membership.organisation, membership.role) == (ours.organisation, "practitioner")
    assert membership.user.email == "nina@example.org"
    assert StaffProfile.objects.get(user=membership.user).full_name == "Nina Roy"
    assert nina.get("/clinic/").status_code == 200 and b"Start a clinic" not in nina.get("/clinic/").content
    again = Browser().get(link)
    assert again.status_code == 410 and b'id="invitation-invalid"' in again.content


def test_an_invitee_with_an_account_joins_with_it(ours: Side) -> None:
    link = _invite(Browser(), ours, "omar@example.org")
    omar = Browser()
    omar.force_login(person("omar"))
    page = omar.get(link).content.decode()
    assert "You join with the account you are logged in with: omar." in page and "password1" not in page
    omar.post(link, {"full_name": "Omar Haddad"})
    assert Membership.objects.get(user__username="omar").role == "front_desk"


def test_inviting_says_the_same_whether_the_address_has_an_account_or_not(client: Browser, ours: Side) -> None:
    person("known")  # known@example.org has an account
    answers = []
    for email in ("known@example.org", "stranger@example.org"):
        client.force_login(ours.admin)
        response = client.post(f"/clinic/org/{ours.organisation.pk}/members/", {"email": email, "role": "admin"},
                               follow=True)
        text = response.content.decode()
        answers.append(text.split('class="message')[1].split("</")[0].replace(email, "EMAIL"))
    assert answers[0] == answers[1]
    assert Invitation.objects.count() == 2 and not Membership.objects.filter(user__username="known").exists()


def test_a_link_that_expired_or_was_tampered_with_is_refused_alike(
        client: Browser, ours: Side, monkeypatch: pytest.MonkeyPatch) -> None:
    link = _invite(client, ours, "late@example.org")
    visitor = Browser()
    assert visitor.get(link[:-3] + "xx/").status_code == 410
    assert visitor.get("/clinic/invitations/nonsense/").status_code == 410
    monkeypatch.setattr(invitations, "INVITATION_DAYS", -1)  # every link is past its age now
    response = _account(link, visitor, "late")
    assert not Membership.objects.filter(user__username="late").exists()
    assert visitor.get(link).status_code == 410 and response.get("/clinic/").status_code == 302


def test_a_weak_password_or_a_missing_name_comes_back_by_its_field(ours: Side) -> None:
    link = _invite(Browser(), ours, "weak@example.org")
    page = Browser().post(link, {"full_name": " ", "username": "weak", "password1": "123",
                                 "password2": "123"}).content.decode()
    assert "Enter your full name." in page or "This field is required." in page
    assert "This password is too short" in page
    assert not Membership.objects.filter(user__username="weak").exists()


def test_removing_a_member_asks_first(client: Browser, ours: Side) -> None:
    client.force_login(ours.admin)
    url = f"/clinic/members/{ours.membership.pk}/remove/"
    question = client.get(url).content.decode()
    assert 'id="remove-member"' in question and "a_front" in question
    assert Membership.objects.filter(pk=ours.membership.pk).exists()
    client.post(url)
    assert not Membership.objects.filter(pk=ours.membership.pk).exists()


def test_what_a_practitioner_signs_shows_their_full_name_and_credentials(client: Browser, ours: Side) -> None:
    client.force_login(ours.practitioner)
    client.post("/clinic/profile/", {"full_name": "Dora Lee", "title": "dermatologist",
                                     "registration_number": "RPPS 10101"})
    signed_consent(ours.client, published(ours.organisation, ours.admin, text="v2"), ours.front_desk)
    session = chart(ours.client, ours.practitioner, zones=("forehead",))
    charting.sign(session, ours.practitioner, session.created_at + timedelta(minutes=5))
    page = client.get(f"/clinic/sessions/{session.pk}/").content.decode()
    assert page.count("Dora Lee, dermatologist (RPPS 10101)") >= 2  # charted by, signed by
    assert "a_practitioner" not in page
