"""Output formats for lint results: one module per format, each a ``render`` function."""

from provenance.reports import json_report, text_report

FORMATS = {"text": text_report.render, "json": json_report.render}
