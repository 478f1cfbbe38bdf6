"""A client's page: details and consents for every member; for clinical staff also the screening
with its zone map, the plan, the sessions, and one timeline of home and clinic sessions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from mesoplan import services
from mesoplan.core.gate import consult_reasons
from mesoplan.errors import IntakeError
from mesoplan.web.clinic import (
    access,
    calendar_data,
    client_messages,
    client_review,
    consent,
    gate_store,
    message_log,
    previsit,
    previsit_links,
    snapshot,
)
from mesoplan.web.clinic.models import Client
from mesoplan.web.clinic.present import alert_view, badge, plan_event_view, planned_view, timeline_view
from mesoplan.web.clinic.previsit_present import change_views
from mesoplan.web.clinic.views.common import client_for
from mesoplan.web.front import display
from mesoplan.web.front.answer_map import answer_map
from mesoplan.web.front.display import zone_name
from mesoplan.web.front.errors import full_message
from mesoplan.web.records import flags

PLAN_SHOWN = 12  # the plan's first events; the rest fold away
PAGE_SIZE = 20  # sessions and photos shown at once: the page costs the same for a client of ten years


@login_required
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = client_for(request, pk, "see_clients", page="client")
    allowed = access.for_request(request, client.organisation_id)  # the role read once for the page
    context: dict[str, Any] = {
        "client": client, "consents": consent.statuses(client), "history": consent.history(client),
        "can": {name: allowed.can(action) for name, action in (
            ("edit", "edit_client"), ("consent", "capture_consent"),
            ("clinical", "see_clinical"), ("chart", "chart"), ("export", "export"),
            ("audit", "see_audit"), ("reaction", "log_reaction"), ("book", "book"),
            ("messages", "see_messages"), ("send_link", "send_intake_link"), ("review", "review_intake"),
            ("intake", "edit_intake"))},
        "appointments": calendar_data.upcoming(client, timezone.now()),
        "to_book": len(calendar_data.to_book(client)),
    }
    context |= _previsit(request, client, context["can"])
    if context["can"]["messages"]:
        context["messages_log"], context["more_messages"] = message_log.latest(client)
    if context["can"]["clinical"]:
        context |= _clinical(request, client)
    return render(request, "clinic/client_detail.html", context)


def _previsit(request: HttpRequest, client: Client, can: dict[str, bool]) -> dict[str, Any]:
    """The client's own intake waiting for review (with what changed, for those who review it), and the
    links made for it not used yet (to copy again)."""
    waiting = previsit.to_review(client)
    found: dict[str, Any] = {"previsit_waiting": waiting, "link_days": previsit.LINK_DAYS}
    if waiting is not None and can["review"]:
        found["previsit_changes"] = change_views(previsit.changes(client.intake or {}, waiting.intake))
    if can["send_link"]:
        urls = [(row, request.build_absolute_uri(previsit.path_of(row)))
                for row in previsit.open_links(client, timezone.now())]
        found["previsit_links"] = [{"row": row, "url": url, "qr": previsit_links.qr_svg(url)} for row, url in urls]
        channel = client_messages.channel_of(client)
        found["previsit_channel"] = channel.kind if channel else ""
    return found


def _clinical(request: HttpRequest, client: Client) -> dict[str, Any]:
    today = timezone.localdate()
    kb = services.knowledge()
    found: dict[str, Any] = {"verdict": badge(client.verdict), "problems": []}
    # Only the needling days of a plan are stored (`snapshot.stored_events`): the whole plan is
    # the one made here, from the same intake, day and knowledge; without it, the stored days.
    plan = None
    if client.intake:
        try:
            # screened and planned as on the day the intake was taken, with the clinic's policy, as stored
            made, _version = snapshot.plan_of(client.intake, client.organisation_id, client.intake_taken_on,
                                              client.protocol)
        except IntakeError as error:
            found["problems"].append(full_message(error))
        else:
            answer = display.answer_view(made.screening, kb)
            found |= {"answer": answer, "map_views": answer_map(answer)}
            consult = {r.rule for r in consult_reasons(made.screening)}
            clearance = gate_store.latest_clearance(client)
            cleared = bool(consult) and clearance is not None and consult <= set(clearance.rules)
            found |= {"needs_clearance": bool(consult) and not cleared, "clearance": clearance if cleared else None}
            plan = [plan_event_view(client, e, cleared) for e in made.events]
            found["plan_protocol"] = gettext(made.protocol.title)
    if plan is None:
        plan = [planned_view(e) for e in client.planned_events.select_related("client")]
    found["plan"], found["plan_later"] = plan[:PLAN_SHOWN], plan[PLAN_SHOWN:]
    # one page of sessions (latest first) and of photos, the counts from the database
    sessions = Paginator(client.sessions.prefetch_related("zones", "products").select_related("location"),
                         PAGE_SIZE).get_page(request.GET.get("sessions"))
    found["sessions"] = [(s, [zone_name(z.zone, kb) for z in s.zones.all()]) for s in sessions]
    found["sessions_page"] = sessions
    diary, planned = client_review.recent_of(client, today)
    try:
        alerts, entries = client_review.recent_review(diary, planned, today)
        found["alerts"] = [alert_view(a) for a in alerts]
        found["timeline"] = [timeline_view(e) for e in entries]
        found["timeline_from"] = display.long_date(diary.read_from)
    except IntakeError as error:
        found["problems"].append(full_message(error))
    found["open_flags"] = [(r, display.symptom_name(r.symptom, kb)) for r in gate_store.open_flag_rows(client)]
    # the red flags the client logged at home, once linked: they hold sessions back here too
    found["open_home_flags"] = [(r, display.symptom_name(r.symptom, kb))
                                for r in (flags.open_flag_rows(client.user) if client.user_id else [])]
    found["photos"] = Paginator(client.photos.select_related("session"), PAGE_SIZE).get_page(request.GET.get("photos"))
    found["linked_home_diary"] = client.user_id is not None
    return found
