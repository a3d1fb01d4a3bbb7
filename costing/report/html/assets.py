"""The page's inline style sheet and its one inline script (sorting tables by a column).

Both are written into every page: a report is one file that opens anywhere, offline, and fetches
nothing. The script only reorders rows already in the page; without it the page reads the same.
"""

STYLE = """
:root { --ink: #1d2430; --muted: #5b6472; --line: #e3e6ea; --accent: #2f6fde; --home: #e07a1f;
        --up: #c8412d; --down: #2e8b57; --soft: #f5f7fa; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: var(--ink);
       background: #fff; }
main { max-width: 64rem; margin: 0 auto; padding: 1.6rem 1.4rem 3rem; }
h1 { font-size: 1.45rem; margin: 0 0 .2rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: .95rem; margin: .2rem 0 .4rem; color: var(--muted); font-weight: 600; }
p { margin: .4rem 0; }
.muted { color: var(--muted); }
.headline { font-size: 1.05rem; margin: .8rem 0 .2rem; }
.warning { background: #fff4d6; border-left: 4px solid #e0a100; padding: .5rem .8rem; margin: .8rem 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .6rem;
         margin: .6rem 0; }
.card { background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: .55rem .8rem; }
.card .name { font-size: .78rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.card .value { font-size: 1.3rem; font-weight: 650; font-variant-numeric: tabular-nums; white-space: nowrap; }
.card .value.small { font-size: 1rem; padding-top: .2rem; white-space: normal; }
.card .detail { font-size: .8rem; color: var(--muted); }
.card.total { background: #eaf1fd; border-color: #c6d8f7; }
.card.alert { background: #fde2dd; border-color: #f1b5aa; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(24rem, 1fr)); gap: 1.2rem; }
figure { margin: 0; }
figcaption { font-size: .85rem; color: var(--muted); margin-top: .2rem; }
svg.chart { width: 100%; height: auto; display: block; font: 12px system-ui, -apple-system, "Segoe UI", sans-serif; }
svg .label { fill: var(--ink); }
svg .value { fill: var(--muted); font-variant-numeric: tabular-nums; }
svg .bar { fill: var(--accent); }
svg .bar.other { fill: #9bb4e6; }
svg .bar.home { fill: var(--home); }
svg .bar.incomplete { fill: #fff; stroke: #9aa3ae; stroke-dasharray: 3 2; }
svg .bar.up { fill: var(--up); }
svg .bar.down { fill: var(--down); }
svg .axis { stroke: #9aa3ae; }
svg .range { stroke: var(--accent); stroke-width: 4; stroke-linecap: round; opacity: .45; }
svg .end { fill: var(--accent); }
svg .mid { fill: var(--home); }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: .92rem; }
th, td { padding: .3rem .55rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th button { font: inherit; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; }
th button::after { content: " \\2195"; color: #9aa3ae; }
th[aria-sort="ascending"] button::after { content: " \\2191"; color: var(--ink); }
th[aria-sort="descending"] button::after { content: " \\2193"; color: var(--ink); }
.status { display: inline-block; font-size: .78rem; padding: 0 .45rem; border-radius: 999px; background: var(--soft); }
.status.unpriced { background: #fde2dd; color: #8a2a1b; }
.status.priced { background: #e3eefc; color: #1f4e9c; }
.type { display: block; font-size: .8rem; color: var(--muted); }
.up { color: var(--up); }
.down { color: var(--down); }
details { margin: .2rem 0; }
summary { cursor: pointer; color: var(--muted); font-size: .85rem; }
details ul { margin: .3rem 0 .2rem; padding-left: 1.1rem; font-size: .85rem; }
ul.reasons li { margin: .2rem 0; }
footer { margin-top: 2.5rem; font-size: .8rem; color: var(--muted); }
"""

# Sort a `table.sortable` by the column whose header button is pressed: numbers by each cell's
# data-sort value (an empty one, an unknown amount, always last), text by the cell's text.
SORT_SCRIPT = """
(function () {
  function key(row, column) {
    var cell = row.cells[column];
    var number = cell.getAttribute("data-sort");
    if (number === null) { return cell.textContent.trim().toLowerCase(); }
    return number === "" ? null : parseFloat(number);
  }
  function compare(a, b, direction) {
    if (a === b) { return 0; }
    if (a === null) { return 1; }
    if (b === null) { return -1; }
    return (a < b ? -1 : 1) * direction;
  }
  function sortBy(table, header, column) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) { return compare(key(a, column), key(b, column), ascending ? 1 : -1); });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, column) {
      var button = header.querySelector("button");
      if (button) { button.addEventListener("click", function () { sortBy(table, header, column); }); }
    });
  });
})();
"""
