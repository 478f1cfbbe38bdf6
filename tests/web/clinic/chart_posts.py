"""The charting form as a browser posts it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from clinic_builders import today
from clinic_world import Side


def chart_post(side: Side, *, zones: tuple[str, ...] = ("forehead", "cheeks"), rows: bool = True,
               **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "date": today().isoformat(), "procedure": "microneedling",
        "location": side.organisation.locations.get().pk, "practitioner": side.practitioner.pk,
        "zones": list(zones), "anaesthetic": "", "notes": "charted", "save": "1",
        "products-TOTAL_FORMS": "1", "products-INITIAL_FORMS": "0", "products-MIN_NUM_FORMS": "0",
        "products-MAX_NUM_FORMS": "20", "products-0-ingredient": "hyaluronic_acid",
        "products-0-product_name": "Hyal", "products-0-lot": "L-77",
        "products-0-expiry": (today() + timedelta(days=90)).isoformat(),
    }
    if rows:
        for zone in zones:
            data |= {f"zone-{zone}-device_kind": "professional_pen", f"zone-{zone}-needle_mm": "0.5",
                     f"zone-{zone}-passes": "3"}
    return {**data, **fields}
