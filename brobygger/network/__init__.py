"""Netværket: pop-up visits between initiatives, courses for volunteers, the idea catalogue."""
