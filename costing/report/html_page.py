"""`estimate --format html`: the report page of costing/report/html without its region section."""

from __future__ import annotations

from datetime import date

from costing.report.html import render_estimate_page
from costing.result import Estimate


def render_estimate(estimate: Estimate, *, today: date) -> str:
    return render_estimate_page(estimate, today=today)
