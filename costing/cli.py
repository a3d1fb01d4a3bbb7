"""The `costing` command line: parse the options, call one library function, render the result.

Exit codes (a contract, see design.md): 0 ok; 1 a --max-monthly limit exceeded; 2 bad input, shown
as one line `costing: error: <message>` on stderr, never a traceback. Heavy modules (pandas, the
inventory adapters, rich) are imported inside the commands, so `--help` stays instant.
"""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated, Optional

import typer

from costing.cli_output import emit, terminal_style
from costing.cli_prices import prices_app
from costing.errors import InputError
from costing.report import EstimateFormat, RegionsFormat

app = typer.Typer(
    name="costing",
    help="What a Pulumi AWS stack costs per hour and per month, in any region, offline, "
         "before `pulumi up`.",
    epilog="Examples: [bold]costing estimate --stack dev[/bold] · "
           "[bold]costing regions --stack prod[/bold] · "
           "[bold]pulumi preview --json | costing estimate --preview -[/bold]",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
app.add_typer(prices_app, name="prices")

SOURCE_PANEL = "Source (exactly one)"
StackOption = Annotated[Optional[str], typer.Option(
    "--stack", metavar="NAME", rich_help_panel=SOURCE_PANEL,
    help="This project's stack (stacks/Pulumi.NAME.yaml), run offline under the Pulumi SDK's mocks.")]
PreviewOption = Annotated[Optional[str], typer.Option(
    "--preview", metavar="FILE", rich_help_panel=SOURCE_PANEL,
    help="The output of `pulumi preview --json` of any Pulumi AWS program; - reads stdin.")]
StateOption = Annotated[Optional[str], typer.Option(
    "--state", metavar="FILE", rich_help_panel=SOURCE_PANEL,
    help="The output of `pulumi stack export`; - reads stdin.")]
UsageOption = Annotated[Optional[str], typer.Option(
    "--usage-file", metavar="FILE",
    help="YAML usage values (NAT GB processed, LCUs, data transfer out, backup storage) per resource "
         "type and per resource; without it, usage lines show their unit price only.")]
OutputOption = Annotated[Optional[str], typer.Option(
    "--output", "-o", metavar="FILE",
    help="Write the report to FILE (atomically: never half-written) instead of stdout.")]


ESTIMATE_HELP = (
    "Price a stack's resources: hourly and monthly cost, grouped by component.\n\n"
    "Every resource is [bold]priced[/bold], [bold]free[/bold] or [bold]unpriced[/bold] with a reason (an "
    "unpriced resource is never counted as $0). Usage-based lines (NAT data, LCUs, data transfer) are shown "
    "apart. Prices come from the embedded AWS price snapshot; the report says how old they are."
)
REGIONS_HELP = (
    "Price the same resources in many regions at once, cheapest first, against the stack's own region.\n\n"
    "A region where some price is missing is marked [bold]incomplete[/bold]: its total is a lower bound, "
    "listed after the complete regions, never shown as a saving."
)


@app.command(help=ESTIMATE_HELP, epilog="""Examples:

  costing estimate --stack dev

  costing estimate --stack prod --region eu-west-1 --format markdown --output cost.md

  pulumi preview --json | costing estimate --preview - --format json

  pulumi stack export | costing estimate --state - --max-monthly 500
""")
def estimate(
    stack: StackOption = None,
    preview: PreviewOption = None,
    state: StateOption = None,
    region: Annotated[Optional[str], typer.Option(
        metavar="R", help="Price every resource in this region (a code such as eu-west-1) instead of "
                          "its own.")] = None,
    usage_file: UsageOption = None,
    output_format: Annotated[EstimateFormat, typer.Option(
        "--format", "-f", help="table for people, json (schema costing.estimate/v1) for tools, csv, "
                               "markdown (pull-request comments), html (one self-contained page).",
    )] = EstimateFormat.table,
    output: OutputOption = None,
    max_monthly: Annotated[Optional[str], typer.Option(
        metavar="USD", help="Exit with code 1 when the monthly total (baseline plus known usage) "
                                   "is above USD; the report is still produced.")] = None,
) -> None:
    from costing.catalog import load_catalog
    from costing.estimate import estimate as price_inventory
    from costing.report import render_estimate

    limit = parse_usd("--max-monthly", max_monthly)
    catalog = load_catalog()
    if region is not None:
        catalog.validate_region(region)  # before the (slower) inventory, so a typo fails at once
    usage = load_usage_file(usage_file)
    result = price_inventory(load_inventory(stack, preview, state), catalog, region=region, usage=usage)
    today = date.today()
    fmt = output_format.value
    emit(render_estimate(result, fmt, today=today, **terminal_style(output)), output, f"{fmt} estimate")
    if fmt in MACHINE_FORMATS:  # the other formats carry the warning in the report itself
        warn_if_stale(result.prices, today)
    check_budget(result.totals, limit)


@app.command(help=REGIONS_HELP, epilog="""Examples:

  costing regions --stack prod

  costing regions --stack prod --regions us-east-1,eu-west-1,ap-southeast-2 --format markdown

  costing regions --preview plan.json --format json
""")
def regions(
    stack: StackOption = None,
    preview: PreviewOption = None,
    state: StateOption = None,
    region_list: Annotated[str, typer.Option(
        "--regions", metavar="R1,R2|all", help="Comma-separated region codes, or all of the catalog's.",
    )] = "all",
    usage_file: UsageOption = None,
    output_format: Annotated[RegionsFormat, typer.Option(
        "--format", "-f", help="table, json (a list sorted cheapest first), csv or markdown.")
    ] = RegionsFormat.table,
    output: OutputOption = None,
) -> None:
    from costing.catalog import load_catalog
    from costing.estimate import compare_regions
    from costing.report import render_regions

    catalog = load_catalog()
    wanted = parse_regions(region_list)
    for code in wanted or ():
        catalog.validate_region(code)
    usage = load_usage_file(usage_file)
    comparison = compare_regions(load_inventory(stack, preview, state), catalog, regions=wanted, usage=usage)
    fmt = output_format.value
    emit(render_regions(comparison, fmt, **terminal_style(output)), output, f"{fmt} region comparison")


MACHINE_FORMATS = frozenset({"json", "csv"})


def warn_if_stale(prices, today: date) -> None:
    from costing.report.common import stale_warning

    warning = stale_warning(prices, today)
    if warning:
        print(f"costing: warning: {warning}", file=sys.stderr)


def check_budget(totals: dict, limit: float | None) -> None:
    """Exit 1 (after the report is out) when the monthly total is above --max-monthly."""
    from costing.report.common import grand_total_monthly, usd

    total = grand_total_monthly(totals)
    if limit is not None and total > limit:
        print(f"costing: monthly estimate {usd(total)} is above --max-monthly {usd(limit)}", file=sys.stderr)
        raise typer.Exit(1)


def load_inventory(stack: str | None, preview: str | None, state: str | None):
    """The inventory of the one source given; an InputError when none or several are."""
    given = [(flag, value) for flag, value in (("--stack", stack), ("--preview", preview), ("--state", state))
             if value is not None]
    if not given:
        raise InputError("no resources to price: give one of --stack NAME (this project's stack, run "
                         "offline), --preview FILE (`pulumi preview --json`) or --state FILE "
                         "(`pulumi stack export`)")
    if len(given) > 1:
        flags = " and ".join(flag for flag, _ in given)
        raise InputError(f"{flags} given: price one source at a time (one of --stack, --preview, --state)")
    from costing import inventory

    flag, value = given[0]
    loader = {"--stack": inventory.load_stack, "--preview": inventory.load_preview,
              "--state": inventory.load_state}[flag]
    return loader(value)


def load_usage_file(path: str | None):
    if path is None:
        return None
    from costing.usage import load_usage

    return load_usage(path)


def parse_usd(option: str, text: str | None) -> float | None:
    """A non-negative amount of dollars ("500", "1250.50", "$1,250"), or an InputError naming the option."""
    if text is None:
        return None
    try:
        amount = float(text.strip().lstrip("$").replace(",", ""))
    except ValueError:
        amount = -1.0
    if not amount >= 0 or amount == float("inf"):
        raise InputError(f"{option} {text!r}: expected an amount of US dollars of 0 or more, such as 500 or 1250.50")
    return amount


def parse_regions(text: str) -> list[str] | None:
    """`all` -> None (every region of the catalog); `a,b` -> ["a", "b"]."""
    if text.strip().lower() == "all":
        return None
    codes = [code.strip() for code in text.split(",")]
    if not all(codes):
        raise InputError(f"--regions {text!r}: expected comma-separated region codes such as "
                         "us-east-1,eu-west-1, or all")
    return list(dict.fromkeys(codes))


def main(argv: list[str] | None = None) -> None:
    """The console script: run the app, and turn every input error into one line and exit code 2."""
    try:
        code = app(args=argv, prog_name="costing", standalone_mode=False)
    except InputError as error:
        fail(str(error))
    except typer.TyperException as error:  # click's usage errors: bad option values, unknown options
        if type(error).__name__ == "NoArgsIsHelpError":  # the help is already printed
            sys.exit(2)
        fail(usage_message(error))
    except typer.Abort:
        print("costing: aborted", file=sys.stderr)
        sys.exit(1)
    sys.exit(code or 0)


def usage_message(error: typer.TyperException) -> str:
    context = getattr(error, "ctx", None)
    hint = f" (see `{context.command_path} --help`)" if context is not None else ""
    return error.format_message() + hint


def fail(message: str) -> None:
    flat = " ".join(message.split("\n"))
    print(f"costing: error: {flat}", file=sys.stderr)
    sys.exit(2)
