"""The clinic's tables. Every query a page makes goes through `clinic.access`, which scopes it to
the organisations the person belongs to (or, for a client, to their own rows)."""

from mesoplan.web.clinic.models.appointments import Appointment, OpeningHours
from mesoplan.web.clinic.models.audit import AuditEvent
from mesoplan.web.clinic.models.clearance import Clearance
from mesoplan.web.clinic.models.clients import Client, ClinicReaction, PlannedEvent
from mesoplan.web.clinic.models.consent import ConsentSignature, ConsentText
from mesoplan.web.clinic.models.import_jobs import ImportJob
from mesoplan.web.clinic.models.organisation import Location, Membership, Organisation
from mesoplan.web.clinic.models.previsit import PreVisitIntake
from mesoplan.web.clinic.models.rescreen_runs import RescreenChange, RescreenRun
from mesoplan.web.clinic.models.sessions import ClinicPhoto, ClinicSession, ProductUse, SessionAmendment, SessionZone
from mesoplan.web.clinic.models.staff import Invitation, StaffProfile
from mesoplan.web.clinic.models.stock import StockLot
from mesoplan.web.clinic.policy_models import ClinicPolicy  # the bulk re-screen's file, loaded with the app

__all__ = [
    "Appointment",
    "AuditEvent",
    "Clearance",
    "Client",
    "ClinicPhoto",
    "ClinicPolicy",
    "ClinicReaction",
    "ClinicSession",
    "ConsentSignature",
    "ConsentText",
    "ImportJob",
    "Invitation",
    "Location",
    "Membership",
    "OpeningHours",
    "Organisation",
    "PlannedEvent",
    "PreVisitIntake",
    "ProductUse",
    "RescreenChange",
    "RescreenRun",
    "SessionAmendment",
    "SessionZone",
    "StaffProfile",
    "StockLot",
]
