"""Writing the audit trail: who viewed or changed which client record, and when.

Views call `record` after the access check passed and, for changes, inside the same
transaction as the change, so that a change is never without its event.
"""

from __future__ import annotations

from typing import Any

from mesoplan.web.clinic.models import AuditEvent, Client, Organisation


def record(user: Any, action: str, *, client: Client | None = None, organisation: Organisation | int | None = None,
           detail: str = "") -> AuditEvent:
    """Write one event. The clinic is the client's unless given (events about members or texts)."""
    org_id = client.organisation_id if client is not None else (
        organisation if isinstance(organisation, int) else getattr(organisation, "pk", None))
    if org_id is None:
        raise ValueError("an audit event needs a client or an organisation")
    name = user.get_username() if getattr(user, "is_authenticated", False) else ""
    return AuditEvent.objects.create(organisation_id=org_id, user=user if name else None, user_name=name,
                                     client=client, action=action, detail=detail[:300])
