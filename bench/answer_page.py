"""The self-check answer page under load: the form posted, then the answer page it redirects to.

A visitor's answer is two requests: `POST /check/` with the form (the intake is checked and
kept in the visitor's session, 302) and `GET /check/answer/` (the page rendered: verdict,
the plan at a glance, reasons, zones). The intake is `realistic-intake.yaml` as the form posts it, its dates
moved together so that the first session is two weeks from today (the form refuses a start
in the past). The visitor's session and CSRF token are taken first, as a browser takes them,
by loading the form and posting it once, and the answer is checked to be there: a refused
form (a 403 for CSRF, the form again with an error) would make the figure meaningless. The
two requests are then loaded separately (`POST /check/` only, then `GET /check/answer/` only,
the session holding the answer throughout), and the server's time for an answer is the sum of
its time for each.
"""

from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

BENCH = Path(__file__).resolve().parent
FIRST_SESSION_IN = timedelta(days=14)
PAST = {"stopped", "date"}  # row fields that name a day already lived
ROW_MANAGEMENT = {"TOTAL_FORMS": None, "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "30"}


def form_fields(today: date) -> list[tuple[str, str]]:
    """The realistic intake as the self-check form posts it, its dates moved to start two weeks from today."""
    data: dict[str, Any] = yaml.safe_load((BENCH / "realistic-intake.yaml").read_text())
    shift = today + FIRST_SESSION_IN - data["start"]

    def day(value: date | None, past: bool = False) -> str:
        # A day that has happened (a last dose, a first use, a procedure) stays on or before today:
        # the form refuses one in the future, as a person could not have lived it yet.
        if value is None:
            return ""
        moved = value + shift
        return (min(moved, today) if past else moved).isoformat()

    person, device = data["person"], data["device"]
    fields = [("setting", data["setting"]), ("start", day(data["start"])), ("age", str(person["age"])),
              ("sex", person["sex"]), ("fitzpatrick", str(person["fitzpatrick"])),
              ("device_kind", device["kind"]), ("device_needle_mm", str(device["needle_mm"])),
              ("device_first_used", day(device["first_used"], past=True)), ("device_uses", str(device["uses"])),
              ("submit", "1")]
    for name in ("zones", "goals", "allergies", "serums"):
        fields += [(name, value) for value in data[name]]
    rows = {"conditions": ("until",), "medications": ("stopped", "until"), "procedures": ("date",)}
    for name, dated in rows.items():
        entries = data[name]
        fields += [(f"{name}-{key}", value or str(len(entries))) for key, value in ROW_MANAGEMENT.items()]
        for n, entry in enumerate(entries):
            prefix = f"{name}-{n}-"
            fields.append((prefix + "id", entry["id"]))
            fields += [(prefix + key, day(entry.get(key), past=key in PAST)) for key in dated]
            fields += [(prefix + "zones", zone) for zone in entry.get("zones", ())]
            if entry.get("prescribed"):
                fields.append((prefix + "prescribed", "on"))
    return fields


def visitor(base: str, today: date) -> tuple[str, str]:
    """A visitor who loaded the form and posted it once: (Cookie header, form body with its CSRF token).

    Raises if the answer page does not come back with a verdict.
    """
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/check/", timeout=30) as response:
        form = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    if token is None:
        raise RuntimeError("the self-check form has no CSRF token")
    body = urllib.parse.urlencode([("csrfmiddlewaretoken", token.group(1)), *form_fields(today)])
    with opener.open(f"{base}/check/", data=body.encode(), timeout=30) as response:  # follows the 302
        page, landed = response.read().decode(), response.geturl()
    if not landed.endswith("/check/answer/") or 'class="verdict ' not in page:
        raise RuntimeError(f"the self-check form was not answered (landed on {landed})")
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookie, body


def wrk_scripts(cookie: str, body: str) -> dict[str, str]:
    """The two wrk scripts of the visitor: the form posted (302), the answer page shown (200)."""
    def lua(text: str) -> str:
        return "[==[" + text + "]==]"

    return {"post": f"""wrk.method = "POST"
wrk.headers["Cookie"] = {lua(cookie)}
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = {lua(body)}
""", "get": f"""wrk.method = "GET"
wrk.headers["Cookie"] = {lua(cookie)}
"""}
