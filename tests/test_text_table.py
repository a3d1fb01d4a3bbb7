"""The terminal table engine (costing.report.text_table): exact layouts of small tables, as rich laid
them out before it, and one property over random tables."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from costing.report.text_table import Column, Page, Table, styled

RULE = "─"


def printed(table: Table, width: int, color: bool = False) -> str:
    page = Page(width, color)
    page.table(table)
    return page.text()


def test_a_column_is_as_wide_as_its_widest_cell_or_header_and_justified():
    table = Table(Column("Name"), Column("Qty", justify="right"))
    table.add_row("a", "1")
    table.add_row("long name", "100")
    assert printed(table, 40) == (" Name        Qty\n"
                                  f"{RULE * 17}\n"
                                  " a             1\n"
                                  " long name   100\n")


def test_min_width_widens_a_narrow_column():
    table = Table(Column("Name", min_width=8), Column("Qty", justify="right"))
    table.add_row("a", "1")
    assert printed(table, 40) == f" Name       Qty\n{RULE * 16}\n a            1\n"


def test_a_table_too_wide_shrinks_its_widest_wrappable_column_first():
    table = Table(Column("A"), Column("B"), Column("C", no_wrap=True))
    table.add_row("x" * 20, "y" * 12, "z" * 10)
    assert table.column_widths(100) == [22, 14, 12]
    assert table.column_widths(46) == [18, 14, 12]  # 4 too wide: A alone gives them up
    assert table.column_widths(36) == [11, 11, 12]  # A down to B's width, then both; C never


def test_cells_wrap_at_word_boundaries_and_a_long_word_is_cut_with_an_ellipsis():
    table = Table(Column("Resource"), Column("Delta", justify="right", no_wrap=True))
    table.add_row("database-primary (rds/instance) changed", "+$241.16")
    assert printed(table, 28) == (" Resource             Delta\n"
                                  f"{RULE * 28}\n"
                                  " database-prima…   +$241.16\n"
                                  " (rds/instance)\n"
                                  " changed\n")


def test_a_fold_column_folds_a_long_word_onto_the_next_lines():
    table = Table(Column("variant", overflow="fold"), Column("usd", justify="right"))
    table.add_row("postgres|none|multi-az", "0.352")
    assert printed(table, 16) == (" varian\n"
                                  " t          usd\n"
                                  f"{RULE * 16}\n"
                                  " postgr   0.352\n"
                                  " es|non\n"
                                  " e|mult\n"
                                  " i-az\n")


def test_an_indented_cell_keeps_its_indent_on_wrapped_lines():
    table = Table(Column("Name"), Column("Monthly", justify="right"))
    table.add_row(styled("master password secret", indent=4), "$0.40")
    assert printed(table, 22) == (" Name         Monthly\n"
                                  f"{RULE * 22}\n"
                                  "     master     $0.40\n"
                                  "     passw…\n"
                                  "     secret\n")


def test_a_styled_span_keeps_its_style_on_both_sides_of_a_wrap():
    table = Table(Column("Name"))
    table.add_row(styled("web-asg ", ("autoscaling group", "dim"), indent=2))
    table.add_row(styled("web ", ("subtotal", "dim"), indent=2), style="bold")
    assert printed(table, 23, color=True) == (" \x1b[1mName\x1b[0m\n"
                                              f"{RULE * 23}\n"
                                              "   web-asg \x1b[2mautoscaling\x1b[0m\n"
                                              "   \x1b[2mgroup\x1b[0m\n"
                                              "   \x1b[1mweb \x1b[0m\x1b[1;2msubtotal\x1b[0m\n")


def test_no_escape_codes_without_colour():
    table = Table(Column("Name"))
    table.add_row(styled("web-asg ", ("autoscaling group", "dim"), indent=2), style="bold")
    page = Page(23, color=False)
    page.print("Warning: prices are old", style="yellow")
    page.table(table)
    assert page.text() == (f"Warning: prices are old\n Name\n{RULE * 23}\n"
                           "   web-asg autoscaling\n   group\n")


def test_end_section_puts_a_blank_line_under_its_row_but_not_under_the_last():
    table = Table(Column("Name"), Column("Monthly", justify="right"))
    table.add_row(styled(("web", "bold cyan")))
    table.add_row("web subtotal", "$1.00", style="bold", end_section=True)
    table.add_row(styled(("usage", "bold cyan")))
    table.add_row("NAT data", "-", end_section=True)
    assert printed(table, 40) == (" Name           Monthly\n"
                                  f"{RULE * 24}\n"
                                  " web\n"
                                  " web subtotal     $1.00\n"
                                  "\n"
                                  " usage\n"
                                  " NAT data             -\n")
    assert printed(table, 40, color=True).splitlines()[2:5] == [
        " \x1b[1;36mweb\x1b[0m", " \x1b[1mweb subtotal\x1b[0m     \x1b[1m$1.00\x1b[0m", ""]


def test_a_short_row_leaves_its_last_cells_empty():
    table = Table(Column("Region"), Column("Hourly", justify="right"), Column("Note"))
    table.add_row("us-east-1", "$1.0087", "home")
    table.add_row("us-east-2", "$1.0087")
    table.add_row("eu-west-1")
    assert printed(table, 60) == (" Region       Hourly   Note\n"
                                  f"{RULE * 28}\n"
                                  " us-east-1   $1.0087   home\n"
                                  " us-east-2   $1.0087\n"
                                  " eu-west-1\n")


def test_the_header_rule_spans_every_column_and_a_wrapped_header_sits_at_the_bottom():
    table = Table(Column("service"), Column("days old", justify="right"))
    table.add_row("ec2", "129")
    assert table.column_widths(12) == [5, 6]
    assert printed(table, 12) == ("       days\n"
                                  " se…    old\n"
                                  f"{RULE * 12}\n"  # 5 + 1 + 6
                                  " ec2    129\n")


def test_lines_outside_a_table_wrap_at_the_width_and_fold_long_words():
    page = Page(30, color=False)
    page.print("Auto Scaling group web-asg: 3 instances now, 3..9 allowed", style="bold")
    page.print()
    page.print("Source: github.com/v0rts/aws-price-watcher@c4a0470f")
    page.print(styled("web-lb: load balancer capacity units", indent=2))
    assert page.text() == ("Auto Scaling group web-asg: 3\n"
                           "instances now, 3..9 allowed\n"
                           "\n"
                           "Source:\n"
                           "github.com/v0rts/aws-price-wat\n"
                           "cher@c4a0470f\n"
                           "  web-lb: load balancer\n"
                           "  capacity units\n")
    coloured = Page(30, color=True)
    coloured.print("Auto Scaling group web-asg: 3 instances now", style="bold yellow")
    assert coloured.text() == "\x1b[1;33mAuto Scaling group web-asg: 3\x1b[0m\n\x1b[1;33minstances now\x1b[0m\n"


WORDS = st.text(alphabet="abcdefghij$.-/", min_size=1, max_size=14)
CELLS = st.lists(WORDS, min_size=1, max_size=5).map(" ".join)


@st.composite
def tables(draw) -> tuple[Table, list[list[str]], int]:
    """A table of 1-4 columns (wrappable ones fold long words), rows of random words, and a width at least
    what the no-wrap columns, the separators and one character per wrappable column need."""
    specs = draw(st.lists(st.tuples(st.sampled_from(["left", "right"]), st.booleans()), min_size=1, max_size=4))
    columns = [Column(f"c{index}", justify=justify, no_wrap=no_wrap, overflow="fold")
               for index, (justify, no_wrap) in enumerate(specs)]
    rows = draw(st.lists(st.lists(CELLS, min_size=len(columns), max_size=len(columns)), min_size=1, max_size=5))
    table = Table(*columns)
    for row in rows:
        table.add_row(*row, end_section=draw(st.booleans()))
    needs = sum(max(len(cell) for cell in [column.header, *(row[index] for row in rows)]) + 2 if column.no_wrap else 3
                for index, column in enumerate(columns))
    return table, rows, draw(st.integers(min_value=needs + len(columns) - 1, max_value=needs + 120))


@settings(max_examples=200, deadline=None)
@given(tables())
def test_lines_fit_the_width_and_every_column_keeps_its_words_in_order(case):
    table, rows, width = case
    lines = printed(table, width).split("\n")[:-1]
    assert max(map(len, lines)) <= width
    body = lines[next(number for number, line in enumerate(lines) if line.startswith(RULE)) + 1:]
    widths = table.column_widths(width)
    for index, column_width in enumerate(widths):
        start = sum(widths[:index]) + index
        shown = " ".join(line[start:start + column_width] for line in body).split()
        words = [word for row in rows for word in row[index].split()]
        if max(map(len, words)) <= column_width - 2:
            assert shown == words
        else:  # a word longer than the column is folded: its characters are all there, in order
            assert "".join(shown) == "".join(words)


# --- the same layout as rich's ---------------------------------------------------------------------
# rich laid the reports out before this engine (and stays installed: typer's help uses it), so it is the
# reference: any table, title and indented line must come out as rich printed them, character for character.

TEXTS = st.lists(st.text(alphabet="abcdefgh$.-/", min_size=1, max_size=30), max_size=6).map(" ".join)
COLUMN_SPECS = st.fixed_dictionaries({
    "header": TEXTS.map(lambda text: text or "h"), "justify": st.sampled_from(["left", "right"]),
    "min_width": st.sampled_from([0, 5, 16]), "no_wrap": st.booleans(),
    "overflow": st.sampled_from(["ellipsis", "fold"])})
CELL_SPECS = st.tuples(TEXTS, TEXTS, st.sampled_from([0, 2, 4]))  # plain part, dim part, indent


@st.composite
def page_specs(draw):
    columns = draw(st.lists(COLUMN_SPECS, min_size=1, max_size=6))
    rows = draw(st.lists(st.tuples(st.lists(CELL_SPECS, min_size=1, max_size=len(columns)),
                                   st.sampled_from(["", "bold"]), st.booleans()), max_size=8))
    return columns, rows, draw(TEXTS), draw(st.integers(min_value=8, max_value=130))


def as_we_print(columns, rows, title: str, width: int) -> str:
    table = Table(*(Column(**spec) for spec in columns))
    for cells, style, end_section in rows:
        table.add_row(*(styled(plain + " ", (dim, "dim"), indent=indent) if dim else styled(plain, indent=indent)
                        for plain, dim, indent in cells), style=style, end_section=end_section)
    page = Page(width, color=False)
    page.print(title, style="bold")
    page.table(table)
    page.print(styled(title, indent=2))
    return page.text()


def as_rich_printed(columns, rows, title: str, width: int) -> str:
    """As the renderers drove rich: SIMPLE_HEAD without edges, Text cells, Padding for indents, no colour."""
    from io import StringIO

    from rich import box
    from rich.console import Console
    from rich.padding import Padding
    from rich.table import Table as RichTable
    from rich.text import Text

    table = RichTable(box=box.SIMPLE_HEAD, show_edge=False)
    for spec in columns:
        table.add_column(spec["header"], justify=spec["justify"], min_width=spec["min_width"] or None,
                         no_wrap=spec["no_wrap"], overflow=spec["overflow"])
    for cells, style, end_section in rows:
        texts = [(Text(plain + " ").append(dim, style="dim") if dim else Text(plain), indent)
                 for plain, dim, indent in cells]
        table.add_row(*(Padding(text, (0, 0, 0, indent)) if indent else text for text, indent in texts),
                      style=style, end_section=end_section)
    console = Console(file=StringIO(), width=width, force_terminal=False, no_color=True, highlight=False,
                      emoji=False, markup=False, color_system=None)
    console.print(Text(title, style="bold"))
    console.print(table)
    console.print(Padding(Text(title), (0, 0, 0, 2)))
    return "\n".join(line.rstrip() for line in console.file.getvalue().split("\n"))


@settings(max_examples=300, deadline=None)
@given(page_specs())
def test_any_table_is_laid_out_as_rich_laid_it_out(spec):
    assert as_we_print(*spec) == as_rich_printed(*spec)
