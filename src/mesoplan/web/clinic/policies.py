"""A clinic's policy in force, and the knowledge base with it applied: what its screenings use.

A clinic without a policy screens with the shipped knowledge base and records the policy
version "". Every policy is checked against the knowledge base's bounds when it is set
(`core.policy.apply_policy`), so one that is stored always applies.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from mesoplan import services
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.policy import apply_policy
from mesoplan.core.policy_parser import parse_policy
from mesoplan.web.clinic.models import ClinicPolicy, Organisation


def policy_id(organisation_id: int) -> str:
    return f"clinic-{organisation_id}"


def set_policy(organisation: Organisation, data: Mapping[str, Any], user: Any) -> ClinicPolicy:
    """Put a policy in force (a new version unless it is the one in force already).

    Raises:
        IntakeError: the data is malformed or outside the knowledge base's bounds (`policy.…`).
    """
    policy = parse_policy(data, policy_id(organisation.pk))
    apply_policy(services.knowledge(), policy)  # refuses values outside the bounds, before anything is stored
    current = ClinicPolicy.objects.filter(organisation=organisation).first()
    if current is not None and current.version == policy.version:
        return current
    return ClinicPolicy.objects.create(organisation=organisation, version=policy.version, data=dict(data),
                                       created_by=user)


def versions_in_force(organisation_ids: list[int]) -> dict[int, str]:
    """Each clinic's policy version in force; "" for a clinic without one."""
    newest: dict[int, str] = {}
    rows = ClinicPolicy.objects.filter(organisation_id__in=organisation_ids).order_by("organisation_id", "-id")
    for organisation_id, version in rows.values_list("organisation_id", "version"):
        newest.setdefault(organisation_id, version)
    return {o: newest.get(o, "") for o in organisation_ids}


def knowledge_for(organisation_id: int, version: str) -> Knowledge | None:
    """The shipped knowledge base with this clinic's policy version applied; None for an unknown version."""
    if not version:
        return services.knowledge()
    row = ClinicPolicy.objects.filter(organisation_id=organisation_id, version=version).first()
    if row is None:
        return None
    return _applied(services.knowledge().version, organisation_id, version, json.dumps(row.data, sort_keys=True))


def knowledge_in_force(organisation_id: int) -> tuple[Knowledge, str]:
    """The knowledge base a clinic screens with now, and its policy version ("" for none)."""
    version = versions_in_force([organisation_id])[organisation_id]
    kb = knowledge_for(organisation_id, version)
    assert kb is not None, "the version in force is stored"
    return kb, version


@lru_cache(maxsize=64)
def _applied(base_version: str, organisation_id: int, version: str, data: str) -> Knowledge:
    # Keyed by the base's version too, so a new knowledge base never meets an old cache entry.
    policy = parse_policy(json.loads(data), policy_id(organisation_id), version)
    return apply_policy(services.knowledge(), policy)
