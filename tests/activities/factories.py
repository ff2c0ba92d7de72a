"""A small activity next week at Ventilen, as the tests make it (``activity_input``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from brobygger.activities import services


def activity_input(**extra) -> services.ActivityInput:
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    fields = {
        "title": "Brætspil og kaffe",
        "description": "Vi spiller brætspil og drikker kaffe.",
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=2),
        "place_name": "Ventilen",
        "address": "Mejlgade 10",
        "postcode": "8000",
        "capacity": 3,
        "welcome": "Værten tager imod ved døren.",
        "hosting": "En frivillig holder øje med, at alle er med.",
        "meet_again": "Vi ses hver torsdag.",
        "languages": ["da"],
    }
    fields.update(extra)
    return services.ActivityInput(**fields)
