"""Fixtures of the PDF tests."""

from __future__ import annotations

import logging

import pytest


@pytest.fixture(autouse=True)
def _no_weasyprint_errors(caplog):
    """WeasyPrint logs, and does not raise, what breaks PDF/UA (a figure without alternative
    text, a document without a language): any such error fails the test that made the PDF."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    yield
    errors = [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith("weasyprint") and record.levelno >= logging.ERROR
    ]
    assert errors == []
