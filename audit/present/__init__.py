"""Presentation: reader tables, charts, assessments, the HTML report, the CI gate, notebook helpers."""
