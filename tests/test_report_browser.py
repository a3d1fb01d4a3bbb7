"""The HTML reports opened in a real browser: Debian's headless Chromium, driven over the DevTools
protocol (scripts/headless_chromium.py), loads each page from its file:// URL, and the test checks
what a person would see: every chart drawn at a real size, the table sorting on a click, no console
error, and no request but the page itself. Skipped only where no Chromium is installed.

The pages are this project's prod stack (`costing report --stack prod`, all 36 regions of the
embedded catalog) and its change from dev (`costing report --diff dev prod`).
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from costing.catalog import load_catalog
from costing.cli import main
from scripts.headless_chromium import Browser, find_chromium

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary on PATH or at /usr/bin/chromium: install Debian's package "
                             "(apt-get install -y chromium; .ci/run does) to run the browser test")

CHART_SIZES = """Array.from(document.querySelectorAll("svg.chart")).map(function (chart) {
  var box = chart.getBoundingClientRect();
  return [chart.id, Math.round(box.width), Math.round(box.height), chart.querySelectorAll("rect.bar").length];
})"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COSTING_CACHE_DIR", str(folder / "cache"))
        for name, args in (("prod", ["--stack", "prod"]), ("diff", ["--diff", "dev", "prod"])):
            with pytest.raises(SystemExit) as exited:
                main(["report", *args, "--output", str(folder / f"{name}.html")])
            assert exited.value.code == 0
    return {name: folder / f"{name}.html" for name in ("prod", "diff")}


@pytest.fixture(scope="module")
def browser():
    with Browser(CHROMIUM, width=1280, height=900) as running:
        yield running


def open_page(browser: Browser, path: Path):
    page = browser.open(path.as_uri())
    page.evaluate("document.readyState")  # a round trip, so events sent during the load are in
    return page


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_the_prod_report_draws_every_chart_offline(browser, pages, tmp_path):
    page = open_page(browser, pages["prod"])
    charts = {chart_id: (width, height, bars) for chart_id, width, height, bars in page.evaluate(CHART_SIZES)}
    assert list(charts) == ["by-component", "by-service", "auto-scaling", "regions"]
    assert all(width > 300 and height > 40 for width, height, _ in charts.values()), charts
    # database, web, network; EC2, EBS, ELB, RDS, VPC (NAT, public IPv4), CloudWatch, Secrets Manager, KMS
    assert (charts["by-component"][2], charts["by-service"][2]) == (3, 8)
    assert charts["regions"][2] == len(load_catalog().regions) == 36
    bars = page.evaluate("""Array.from(document.querySelectorAll("#regions rect.bar")).map(function (bar) {
      return [bar.getAttribute("class"), Math.round(bar.getBoundingClientRect().width)]; })""")
    assert bars[0][0] == "bar home" and sum(css == "bar home" for css, _ in bars) == 1
    assert sum(css == "bar incomplete" for css, _ in bars) == 7 and bars[-1][0] == "bar incomplete"
    assert all(width > 0 for _, width in bars)
    assert page.evaluate('document.querySelector(".card.total .value").textContent') == "$737.53"
    assert page.console_errors() == []
    assert page.requests() == [pages["prod"].as_uri()]
    width, height = png_size(page.screenshot(tmp_path / "prod.png"))
    assert width == 1280 and height > 2500


MONTHLY_COLUMN = """Array.from(document.querySelectorAll("#resources tbody tr")).map(function (row) {
  return parseFloat(row.cells[5].getAttribute("data-sort")); })"""


def test_the_resource_table_sorts_on_a_click(browser, pages):
    page = open_page(browser, pages["prod"])
    listed = page.evaluate(MONTHLY_COLUMN)
    assert len(listed) == 19 and listed == sorted(listed, reverse=True) and listed[0] == 255.14
    page.evaluate('document.querySelectorAll("#resources th button")[5].click()')
    assert page.evaluate(MONTHLY_COLUMN) == sorted(listed)
    assert page.evaluate('document.querySelectorAll("#resources th")[5].getAttribute("aria-sort")') == "ascending"
    page.evaluate('document.querySelectorAll("#resources th button")[5].click()')
    assert page.evaluate(MONTHLY_COLUMN) == sorted(listed, reverse=True)
    assert page.console_errors() == []


def test_the_diff_report_draws_the_movers_and_the_totals(browser, pages, tmp_path):
    page = open_page(browser, pages["diff"])
    charts = {chart_id: (width, height, bars) for chart_id, width, height, bars in page.evaluate(CHART_SIZES)}
    assert list(charts) == ["before-after", "movers"]
    assert all(width > 300 and height > 40 for width, height, _ in charts.values()), charts
    assert (charts["before-after"][2], charts["movers"][2]) == (2, 10)
    first = page.evaluate('document.querySelector("#movers text.label").textContent')
    assert first == "database-primary"
    assert page.console_errors() == []
    assert page.requests() == [pages["diff"].as_uri()]
    width, height = png_size(page.screenshot(tmp_path / "diff.png"))
    assert width == 1280 and height > 1200


def test_the_checks_see_console_errors_and_requests(browser, tmp_path):
    """The assertions above can fail: a page that logs an error, throws, and fetches an image is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/pixel.png">'
                   '<script>console.error("boom"); missingFunction();</script></body></html>')
    page = open_page(browser, bad)
    errors = page.console_errors()
    assert "boom" in errors and any("missingFunction" in error or "Uncaught" in error for error in errors), errors
    assert page.requests()[:2] == [bad.as_uri(), "http://127.0.0.1:9/pixel.png"]
