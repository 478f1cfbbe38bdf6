"""A signed consent as a printable A4 page (PDF, WeasyPrint): the text signed, who signed it (and the
guardian), when, on which device, and the drawn signature.

The drawing is put into the page as a `data:` image read through the storage API, so WeasyPrint
never fetches a URL.
"""

from __future__ import annotations

import base64
from pathlib import Path

from django.template.loader import render_to_string
from weasyprint import CSS, HTML

from mesoplan.web.clinic.models import ConsentSignature
from mesoplan.web.clinic.models.sessions import PROCEDURE_CHOICES

STYLESHEET = Path(__file__).parent / "static" / "clinic" / "consent_pdf.css"


def drawing_data_url(signature: ConsentSignature) -> str:
    """The drawn signature as a `data:` URL, or "" when none was drawn."""
    if not signature.drawing:
        return ""
    with signature.drawing.open("rb") as stored:
        return "data:image/png;base64," + base64.b64encode(stored.read()).decode("ascii")


def consent_pdf(signature: ConsentSignature) -> bytes:
    """The PDF of one signature, in the active language."""
    html = render_to_string("clinic/consent_pdf.html", {
        "s": signature, "client": signature.client, "clinic": signature.client.organisation,
        "procedure": dict(PROCEDURE_CHOICES).get(signature.procedure, signature.procedure),
        "text": signature.consent_text.text if signature.consent_text is not None else "",
        "drawing": drawing_data_url(signature)})
    return bytes(HTML(string=html).write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))]))
