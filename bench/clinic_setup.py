"""Set up the clinic pages' benchmark (`clinic_pages.py`): migrate a fresh database, then one clinic with
`MESOPLAN_BENCH_CLINIC_CLIENTS` clients (50 000), each stored with the answer the clinic's own path stores
(verdict, earliest start, reasons: `rescreen_population`'s varied intakes, each distinct one screened once),
a booked appointment for one client in fifty over the next four weeks (those the screening lets be
booked, on or after their earliest start, as the booking forms book), and one client taken through the
clinic's own path (intake, screening, plan) whose page is measured; prints the admin's session cookie and
that client's id as JSON. Run in its own process with the server's MESOPLAN_DATA and MESOPLAN_SECRET_KEY,
so that the server accepts the session. Not timed.

Setup shortcut, said plainly: the 50 000 clients carry no stored plan (as clients screened before their
plan was made); the pages measured read plans only for the client shown and for the week ahead.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime, time, timedelta

import django
from rescreen_population import Population  # bench/ is on the path: this file is run as a script

CLIENTS = int(os.environ.get("MESOPLAN_BENCH_CLINIC_CLIENTS", "50000"))
TAKEN_ON = date(2026, 11, 1)
BOOKED_EVERY = 50  # one client in fifty has an appointment in the coming four weeks


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesoplan.web.settings")
    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client as Browser
    from django.utils import timezone

    from mesoplan import services
    from mesoplan.core.screening import screen
    from mesoplan.rescreen_pool import parallel_map
    from mesoplan.web.clinic import clients, snapshot
    from mesoplan.web.clinic.models import Appointment, Client, Location, Membership, Organisation
    from mesoplan.web.clinic.rescreen_work import Work

    call_command("migrate", interactive=False, verbosity=0)
    clinic = Organisation.objects.create(name="Bench clinic")
    location = Location.objects.create(organisation=clinic, name="Main street")
    admin = User.objects.create_user(username="claire", first_name="Claire", last_name="Admin")
    Membership.objects.create(organisation=clinic, user=admin, role="admin")
    kb = services.knowledge()
    data = Population(kb).intakes(CLIENTS)
    texts = [json.dumps(d) for d in data]
    keys = list(dict.fromkeys((t, TAKEN_ON) for t in texts))
    work = Work(kb)

    def answers(part: list[tuple[str, date]]) -> list[tuple[str, date | None, str, list[dict[str, object]]]]:
        out = []
        for key in part:
            result = screen(work.read(key), work.knowledge)
            out.append((result.verdict, result.earliest_start, snapshot.reasons_digest(result),
                        list(snapshot.reason_notes(result))))
        return out

    screened = dict(zip(keys, parallel_map(answers, keys), strict=True))
    rows = []
    for n, (d, text) in enumerate(zip(data, texts, strict=True)):
        verdict, earliest, digest, reasons = screened[(text, TAKEN_ON)]
        rows.append(Client(organisation=clinic, name=f"Client {n:05d}", intake=d, intake_taken_on=TAKEN_ON,
                           verdict=verdict, earliest_start=earliest, reasons_digest=digest, reasons=reasons,
                           plan_digest="not-planned-in-setup", knowledge_version=kb.version, policy_version=""))
    created = Client.objects.bulk_create(rows, batch_size=2000)
    today = timezone.localdate()
    # Booked as the booking forms book: only clients the screening lets be needled without a doctor's
    # clearance, never before their earliest start (the gate refuses the rest).
    bookable = [row for row in created[::BOOKED_EVERY] if row.verdict in ("go", "caution", "postpone")]
    Appointment.objects.bulk_create(
        [Appointment(client=row, practitioner=admin, location=location, minutes=60,
                     start=timezone.make_aware(datetime.combine(
                         max(today + timedelta(days=n % 28), row.earliest_start or today), time(9 + n % 8))))
         for n, row in enumerate(bookable)], batch_size=2000)
    shown = Client.objects.create(organisation=clinic, name="Ana Silva")
    clients.set_intake(shown, {"setting": "clinic", "start": today.isoformat(), "zones": ["forehead", "cheeks"],
                               "goals": ["texture"]}, admin, timezone.now())
    browser = Browser()
    browser.force_login(admin)
    cookie = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"
    print(json.dumps({"cookie": cookie, "client": shown.pk, "organisation": clinic.pk,
                      "clients": Client.objects.filter(organisation=clinic).count()}))


if __name__ == "__main__":
    main()
