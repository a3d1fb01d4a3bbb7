"""The HTML report: one self-contained page (inline CSS, inline SVG charts, one small inline script to
sort tables) that opens offline in any browser and fetches nothing.

`render_estimate_page` draws an estimate (with the region comparison for `costing report`),
`render_diff_page` a cost diff; costing/report/charts.py computes what each chart shows.
"""

from costing.report.html.diff_page import render_diff_page
from costing.report.html.estimate_page import render_estimate_page

__all__ = ["render_diff_page", "render_estimate_page"]
