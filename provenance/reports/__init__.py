"""Output formats for lint results: one module per format, each a ``render`` function."""

from provenance.reports import github_report, json_report, junit_report, sarif_report, text_report

FORMATS = {"text": text_report.render, "json": json_report.render, "sarif": sarif_report.render,
           "github": github_report.render, "junit": junit_report.render}
