"""Forms of the calendar: book one appointment, book a plan's sessions, move one, a location's hours."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mesoplan.web.clinic import access, appointments
from mesoplan.web.clinic.clients import display_name
from mesoplan.web.clinic.forms.common import DATE
from mesoplan.web.clinic.models import Location, OpeningHours, Organisation
from mesoplan.web.clinic.models.appointments import MAX_MINUTES, WEEKDAYS

TIME = forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M")
DEFAULT_MINUTES = 60


def practitioners_of(organisation: Organisation | int) -> QuerySet[User]:
    """The people who may be booked: the clinic's practitioners and admins."""
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return User.objects.filter(clinic_memberships__organisation_id=org_id,
                               clinic_memberships__role__in=access.CLINICAL).order_by("first_name", "username")


class PractitionerChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return display_name(obj)


class SlotFields(forms.Form):
    """Who, where, how long: what every booking form asks."""

    practitioner = PractitionerChoice(label=_("Practitioner"), queryset=User.objects.none())
    location = forms.ModelChoiceField(label=_("Location"), queryset=Location.objects.none())
    minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=MAX_MINUTES,
                                 initial=DEFAULT_MINUTES)

    def __init__(self, *args: Any, organisation: Organisation, booker: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people: Any = self.fields["practitioner"]
        people.queryset = practitioners_of(organisation)
        if booker is not None and people.queryset.filter(pk=booker.pk).exists():
            people.initial = booker.pk  # a practitioner books for themself unless they choose otherwise
        places: Any = self.fields["location"]
        places.queryset = organisation.locations.all()
        if places.queryset.count() == 1:
            places.initial = places.queryset.first()

    def slot(self, day: date, at: time) -> appointments.Slot:
        data = self.cleaned_data
        start = timezone.make_aware(datetime.combine(day, at))
        return appointments.Slot(start, data["minutes"], data["practitioner"], data["location"])


class BookForm(SlotFields):
    day = forms.DateField(label=_("Day"), widget=DATE)
    at = forms.TimeField(label=_("Time"), widget=TIME)
    field_order = ("day", "at", "minutes", "practitioner", "location")

    def wanted(self) -> appointments.Wanted:
        return appointments.Wanted(self.slot(self.cleaned_data["day"], self.cleaned_data["at"]))


class PlanBookForm(SlotFields):
    """A plan's sessions in one step: one time and practitioner for all, a day for each (the planned
    one by default), and a box per session to leave one out."""

    at = forms.TimeField(label=_("Time"), widget=TIME)
    field_order = ("at", "minutes", "practitioner", "location")

    def __init__(self, *args: Any, planned: list[tuple[date, tuple[str, ...]]], today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.planned = planned
        for i, (day, _zones) in enumerate(planned):
            self.fields[f"book_{i}"] = forms.BooleanField(label=_("Book"), required=False, initial=True)
            self.fields[f"day_{i}"] = forms.DateField(label=_("Day"), widget=DATE, initial=max(day, today),
                                                      required=False)

    def rows(self) -> list[tuple[int, date, Any, Any]]:
        """(index, planned day, its box, its day field) for the template."""
        return [(i, day, self[f"book_{i}"], self[f"day_{i}"]) for i, (day, _z) in enumerate(self.planned)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = [i for i in range(len(self.planned)) if cleaned.get(f"book_{i}")]
        if not chosen:
            raise forms.ValidationError(_("Tick at least one session to book."))
        for i in chosen:
            if cleaned.get(f"day_{i}") is None and f"day_{i}" not in self.errors:
                self.add_error(f"day_{i}", _("Enter the day of this session."))
        return cleaned

    def wanted(self) -> list[appointments.Wanted]:
        data = self.cleaned_data
        return [appointments.Wanted(self.slot(data[f"day_{i}"], data["at"]), day, zones)
                for i, (day, zones) in enumerate(self.planned) if data.get(f"book_{i}")]


class RescheduleForm(BookForm):
    pass


class OpeningHoursForm(forms.Form):
    """A location's week: for each day, when it opens and closes; both empty: closed."""

    def __init__(self, *args: Any, location: Location, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.location = location
        kept = {h.weekday: h for h in location.opening_hours.all()}
        for day, name in enumerate(WEEKDAYS):
            row = kept.get(day)
            self.fields[f"opens_{day}"] = forms.TimeField(label=_("%(day)s: opens") % {"day": name}, widget=TIME,
                                                          required=False, initial=row.opens if row else None)
            self.fields[f"closes_{day}"] = forms.TimeField(label=_("%(day)s: closes") % {"day": name},
                                                           widget=TIME, required=False,
                                                           initial=row.closes if row else None)

    def days(self) -> list[tuple[Any, Any, Any]]:
        return [(name, self[f"opens_{d}"], self[f"closes_{d}"]) for d, name in enumerate(WEEKDAYS)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for day in range(7):
            opens, closes = cleaned.get(f"opens_{day}"), cleaned.get(f"closes_{day}")
            if (opens is None) != (closes is None) and not self.errors.get(f"opens_{day}"):
                self.add_error(f"closes_{day}" if closes is None else f"opens_{day}",
                               _("Give both times, or neither for a closed day."))
            elif opens is not None and closes is not None and opens >= closes:
                self.add_error(f"closes_{day}", _("It must close after it opens."))
        return cleaned

    def hours(self) -> list[OpeningHours]:
        data = self.cleaned_data
        return [OpeningHours(location=self.location, weekday=d, opens=data[f"opens_{d}"], closes=data[f"closes_{d}"])
                for d in range(7) if data.get(f"opens_{d}") is not None]
