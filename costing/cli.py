"""The `costing` command line: parse the options, call one library function, render the result.

Exit codes (a contract, documented in the README): 0 ok; 1 a limit exceeded (--max-monthly, a stack's monthly
budget, --max-increase); 2 bad input, shown
as one line `costing: error: <message>` on stderr, never a traceback. Heavy modules (pandas, the
inventory adapters, rich) are imported inside the commands, so `--help` stays instant.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
from datetime import date
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from costing import __version__
from costing.cli_output import emit, terminal_style
from costing.cli_prices import prices_app
from costing.errors import InputError
from costing.pricing import Pricing
from costing.report import EstimateFormat, RegionsFormat
from costing.report.diff_formats import DiffFormat

if TYPE_CHECKING:
    from costing.inventory.frame import Inventory
    from costing.inventory.stack import PendingStack
    from costing.inventory.stack_config import StackConfig

app = typer.Typer(
    name="costing",
    help="What a Pulumi AWS stack costs per hour and per month, in any region, offline, "
         "before `pulumi up`.",
    epilog="Examples: [bold]costing estimate --stack dev[/bold] · "
           "[bold]costing regions --stack prod[/bold] · "
           "[bold]costing diff git:main:prod prod[/bold] · "
           "[bold]pulumi preview --json | costing estimate --preview -[/bold]",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
app.add_typer(prices_app, name="prices")
usage_app = typer.Typer(help="Usage files: what the usage-based lines of a stack read.", no_args_is_help=True,
                        rich_markup_mode="rich")
app.add_typer(usage_app, name="usage")


def show_version(value: bool) -> None:
    if value:
        print(f"costing {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(version: Annotated[bool, typer.Option(
        "--version", callback=show_version, is_eager=True, help="Show costing's version and exit.")] = False) -> None:
    """What a Pulumi AWS stack costs per hour and per month, in any region, offline, before `pulumi up`."""


SOURCE_PANEL = "Source (exactly one)"
PROJECT_PANEL = "Pulumi project (for --stack and stack sides)"
StackOption = Annotated[Optional[str], typer.Option(
    "--stack", metavar="NAME", rich_help_panel=SOURCE_PANEL,
    help="A stack of the Pulumi project found from the current folder (its Pulumi.NAME.yaml; a stack "
         "without one runs on the project's values): the program runs offline in the project's own "
         "interpreter, as `pulumi preview` would run it.")]
CwdOption = Annotated[Optional[str], typer.Option(
    "--cwd", "-C", metavar="DIR", rich_help_panel=PROJECT_PANEL,
    help="Look for the project (Pulumi.yaml) in DIR and the folders above it instead of the current folder.")]
ConfigOption = Annotated[Optional[list[str]], typer.Option(
    "--config", "-c", metavar="KEY=VALUE", rich_help_panel=PROJECT_PANEL,
    help="Set a config value for this run, as `pulumi preview -c` does (repeatable), e.g. "
         "-c aws:region=eu-west-1.")]
ConfigFileOption = Annotated[Optional[str], typer.Option(
    "--config-file", metavar="FILE", rich_help_panel=PROJECT_PANEL,
    help="Read the stack's config from FILE instead of its Pulumi.NAME.yaml.")]
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
FailOnUnpricedOption = Annotated[bool, typer.Option(
    "--fail-on-unpriced",
    help="Exit with code 1 when anything billable is unpriced or partly priced (the report is still produced).")]
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

  costing estimate --stack dev -c aws:region=eu-west-1 -C ../infra

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
    pricing: Annotated[Pricing, typer.Option(
        "--pricing", help="on-demand, or a reserved term for EC2 and RDS instances: their effective rates "
                          "(upfront fees spread over the term) and the saving against on-demand. Reserved "
                          "prices come from `costing prices refresh`.")] = Pricing.on_demand,
    fail_on_unpriced: FailOnUnpricedOption = False,
    cwd: CwdOption = None,
    config: ConfigOption = None,
    config_file: ConfigFileOption = None,
) -> None:
    limit = parse_usd("--max-monthly", max_monthly)
    pending = start_inventory(stack, preview, state, cwd=cwd, config=config, config_file=config_file)
    from costing import gaps
    from costing.catalog import load_catalog
    from costing.estimate import estimate as price_inventory
    from costing.report import estimate_pieces

    catalog = load_catalog()
    if region is not None:
        catalog.validate_region(region)  # before the (slower) inventory, so a typo fails at once
    usage = load_usage_file(usage_file)
    today = date.today()  # the day priced (EKS extended support) and the report's date
    result = price_inventory(collect(pending), catalog, region=region, usage=usage,
                             pricing=pricing.value, on=today)
    fmt = output_format.value
    emit(estimate_pieces(result, fmt, today=today, **terminal_style(output)), output, f"{fmt} estimate")
    if fmt in MACHINE_FORMATS:  # the other formats carry the warning in the report itself
        warn_if_stale(result.prices, today)
    over_budget = check_stack_budget(pending.config, result.totals)
    gap = fail_on_unpriced and report_gap(gaps.estimate_gaps(result))
    check_budget(result.totals, limit)
    if over_budget or gap:
        raise typer.Exit(1)


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
    fail_on_unpriced: FailOnUnpricedOption = False,
    cwd: CwdOption = None,
    config: ConfigOption = None,
    config_file: ConfigFileOption = None,
) -> None:
    pending = start_inventory(stack, preview, state, cwd=cwd, config=config, config_file=config_file)
    from costing import gaps
    from costing.catalog import load_catalog
    from costing.estimate import compare_regions
    from costing.report import render_regions

    catalog = load_catalog()
    wanted = parse_regions(region_list)
    for code in wanted or ():
        catalog.validate_region(code)
    usage = load_usage_file(usage_file)
    comparison = compare_regions(collect(pending), catalog, regions=wanted, usage=usage)
    fmt = output_format.value
    emit(render_regions(comparison, fmt, **terminal_style(output)), output, f"{fmt} region comparison")
    if fail_on_unpriced and report_gap(gaps.region_gaps(comparison)):
        raise typer.Exit(1)


DIFF_HELP = (
    "Compare two versions of a stack's monthly cost: what was added, removed or changed, and why.\n\n"
    "BASE and HEAD are each a stack name, [bold]git:REF\\[:STACK][/bold] (this project as of a git revision, run "
    "offline in a temporary worktree that is always removed; STACK defaults to the other side's), or a "
    "`pulumi preview --json` or `pulumi stack export` file. Resources match by URN without the stack, so "
    "stacks compare too ([bold]costing diff dev prod[/bold]). Exit code 1 when the head's monthly budget "
    "(its stack's webstack:monthlyBudgetUsd, or --budget) or --max-increase is exceeded."
)


@app.command(help=DIFF_HELP, epilog="""Examples:

  costing diff dev prod

  costing diff git:main:prod prod --format markdown --output cost-prod.md --max-increase 10%

  costing diff --preview plan.json --max-increase 50
""")
def diff(
    base: Annotated[Optional[str], typer.Argument(
        metavar="BASE", show_default=False,
        help="The side before: a stack, git:REF[:STACK], or a preview or state file.")] = None,
    head: Annotated[Optional[str], typer.Argument(
        metavar="HEAD", show_default=False, help="The side after, in the same forms.")] = None,
    preview: Annotated[Optional[str], typer.Option(
        "--preview", metavar="FILE",
        help="One `pulumi preview --json`: each step's oldState against its newState, instead of BASE and HEAD."
    )] = None,
    usage_file: UsageOption = None,
    output_format: Annotated[DiffFormat, typer.Option(
        "--format", "-f", help="table for people, json (schema costing.diff/v1) for tools, markdown for a "
                               "pull-request comment.")] = DiffFormat.table,
    output: OutputOption = None,
    max_increase: Annotated[Optional[str], typer.Option(
        metavar="USD|PCT", help="Exit with code 1 when the monthly cost rises by more than USD (50) or PCT of "
                                "the base (10%); the report is still produced.")] = None,
    budget: Annotated[Optional[str], typer.Option(
        metavar="USD", help="The head's monthly budget instead of its stack's webstack:monthlyBudgetUsd "
                            "(preview and state files have none): a warning from 80%, exit code 1 above.")] = None,
    show_all: Annotated[bool, typer.Option(
        "--all", help="Also list unchanged resources, and free ones added or removed.")] = False,
    fail_on_unpriced: FailOnUnpricedOption = False,
    cwd: CwdOption = None,
    config: ConfigOption = None,
    config_file: ConfigFileOption = None,
) -> None:
    from costing import gaps
    from costing.diff import parse_increase_limit
    from costing.report.diff_formats import render_diff
    from costing.review import review

    limit = parse_increase_limit(max_increase) if max_increase is not None else None
    today = date.today()  # the day both sides are priced on and the report's date
    result = review(base, head, preview=preview, usage=load_usage_file(usage_file),
                    budget=parse_usd("--budget", budget), limit=limit, on=today,
                    **project_options(cwd, config, config_file))
    fmt = output_format.value
    emit(render_diff(result.diff, fmt, today=today, include_all=show_all, notes=result.notes,
                     **terminal_style(output)), output, f"{fmt} cost diff")
    if fmt in MACHINE_FORMATS:
        warn_if_stale(result.diff.prices, today)
    report_budget(result.budget)
    if result.increase:
        print(f"costing: {result.increase}", file=sys.stderr)
    if result.increase_unsure:
        print(f"costing: warning: {result.increase_unsure}", file=sys.stderr)
    gap = fail_on_unpriced and report_gap(gaps.diff_gaps(result.diff))
    if result.failed or gap:
        raise typer.Exit(1)


REPORT_HELP = (
    "One self-contained HTML page to open in a browser or attach to a pull request: the totals, charts of "
    "where the money goes, the resources (sortable), unpriced ones with their reasons, the Auto Scaling "
    "ranges and the same resources priced in every region (or --regions).\n\n"
    "With [bold]--diff BASE HEAD[/bold] (the sides `costing diff` takes): the totals before and after, the "
    "biggest movers and every resource that moved. The page fetches nothing: inline CSS and SVG charts."
)


@app.command(help=REPORT_HELP, epilog="""Examples:

  costing report --stack prod --output report.html

  costing report --stack prod --regions us-east-1,eu-west-1,ap-southeast-2 --output report.html

  costing report --diff git:main:prod prod --output diff.html
""")
def report(
    stack: StackOption = None,
    preview: PreviewOption = None,
    state: StateOption = None,
    region_list: Annotated[Optional[str], typer.Option(
        "--regions", metavar="R1,R2|all", show_default=False,
        help="The regions to compare: comma-separated codes, or all of the catalog's (the default).")] = None,
    usage_file: UsageOption = None,
    diff_sides: Annotated[Optional[tuple[str, str]], typer.Option(
        "--diff", metavar="BASE HEAD", show_default=False,
        help="Report on the change from BASE to HEAD instead (each a stack, git:REF[:STACK], or a preview or "
             "state file), as `costing diff` compares them.")] = None,
    output: OutputOption = None,
    cwd: CwdOption = None,
    config: ConfigOption = None,
    config_file: ConfigFileOption = None,
) -> None:
    from costing.report.html import render_diff_page, render_estimate_page

    today = date.today()
    if diff_sides is not None:
        from costing.review import review

        check_diff_alone(stack=stack, preview=preview, state=state, regions=region_list)
        result = review(*diff_sides, usage=load_usage_file(usage_file), on=today,
                        **project_options(cwd, config, config_file))
        emit(render_diff_page(result.diff, today=today, notes=result.notes), output, "html cost diff report")
        return
    from costing.catalog import load_catalog
    from costing.report.html.build import estimate_report

    catalog = load_catalog()
    wanted = parse_regions(region_list or "all")
    for code in wanted or ():
        catalog.validate_region(code)
    usage = load_usage_file(usage_file)
    pending = start_inventory(stack, preview, state, cwd=cwd, config=config, config_file=config_file)
    data = estimate_report(collect(pending), catalog, regions=wanted, usage=usage, on=today)
    emit(render_estimate_page(data.estimate, today=today, comparison=data.comparison), output, "html report")


@usage_app.command("template", epilog="""Examples:

  costing usage template --stack prod --output usage.yaml

  costing estimate --stack prod --usage-file usage.yaml
""")
def usage_template(
    stack: StackOption = None,
    preview: PreviewOption = None,
    state: StateOption = None,
    output: OutputOption = None,
    cwd: CwdOption = None,
    config: ConfigOption = None,
    config_file: ConfigFileOption = None,
) -> None:
    """A usage file to fill in: every usage key of the resources, with its unit, what it means and the unit
    price of the lines it feeds, each null until you set it. It loads back through --usage-file as it is."""
    pending = start_inventory(stack, preview, state, cwd=cwd, config=config, config_file=config_file)
    from costing.catalog import load_catalog
    from costing.estimate import estimate as price_inventory
    from costing.usage_template import render, template

    result = price_inventory(collect(pending), load_catalog(), every_usage_line=True)
    emit(render(template(result), result), output, "usage template")


def check_diff_alone(**options: str | None) -> None:
    """--diff takes both sides from BASE and HEAD: a source or region list beside it is a mistake."""
    given = [f"--{name}" for name, value in options.items() if value is not None]
    if given:
        raise InputError(f"--diff BASE HEAD compares the two sides it names: drop {' and '.join(given)} (a side "
                         "is a stack name, git:REF[:STACK], or a preview or state file)")


MACHINE_FORMATS = frozenset({"json", "csv"})


def warn_if_stale(prices, today: date) -> None:
    from costing.report.common import stale_warning

    warning = stale_warning(prices, today)
    if warning:
        print(f"costing: warning: {warning}", file=sys.stderr)


def report_gap(gap: str | None) -> bool:
    """--fail-on-unpriced: say on stderr what is not wholly priced (costing.gaps); True when something is
    (the command then exits 1, its report out)."""
    if gap:
        print(f"costing: {gap}", file=sys.stderr)
    return gap is not None


def check_budget(totals: dict, limit: float | None) -> None:
    """Exit 1 (after the report is out) when the monthly total is above --max-monthly; a warning when it is
    within it but incomplete (a gap never passes the limit silently)."""
    from costing.gaps import FLAG, gap_count
    from costing.report.common import grand_total_monthly, usd

    total = grand_total_monthly(totals)
    if limit is None:
        return
    if total > limit:
        print(f"costing: monthly estimate {usd(total)} is above --max-monthly {usd(limit)}", file=sys.stderr)
        raise typer.Exit(1)
    gaps = gap_count(totals)
    if gaps:
        print(f"costing: warning: monthly estimate {usd(total)} is within --max-monthly {usd(limit)}, but "
              f"{gaps:,} billable resource{'s are' if gaps > 1 else ' is'} unpriced or partly priced: the real total "
              f"may be higher ({FLAG} fails on it)", file=sys.stderr)


def report_budget(outcome) -> None:
    """The budget's warning or breach on stderr (the report carries it too)."""
    if outcome.message:
        print(f"costing: {'' if outcome.exceeded else 'warning: '}{outcome.message}", file=sys.stderr)


def check_stack_budget(config: StackConfig | None, totals: dict) -> bool:
    """Say on stderr where a `--stack` estimate stands against its stack's budget (`config`: the stack's
    configuration, None for a file); True when it is exceeded."""
    if config is None:
        return False
    from costing import budget
    from costing.gaps import gap_count
    from costing.report.common import grand_total_monthly

    outcome = budget.check_budget(grand_total_monthly(totals), budget.budget_from_config(config), config.stack,
                                  gap_count(totals))
    report_budget(outcome)
    return outcome.exceeded


def start_inventory(stack: str | None, preview: str | None, state: str | None, *, cwd: str | None = None,
                    config: list[str] | None = None, config_file: str | None = None) -> PendingStack | PendingFile:
    """The one source given (an InputError when none or several are), its `.inventory()` to come. A
    stack's program starts at once, in the project's interpreter on an inventory-cache miss, so that it
    runs while pandas and the prices load; a file is read when the inventory is asked for."""
    given = [(flag, value) for flag, value in (("--stack", stack), ("--preview", preview), ("--state", state))
             if value is not None]
    if not given:
        raise InputError("no resources to price: give one of --stack NAME (a stack of the Pulumi project in this "
                         "folder, run offline), --preview FILE (`pulumi preview --json`) or --state FILE "
                         "(`pulumi stack export`)")
    if len(given) > 1:
        flags = " and ".join(flag for flag, _ in given)
        raise InputError(f"{flags} given: price one source at a time (one of --stack, --preview, --state)")
    flag, value = given[0]
    if flag != "--stack":
        project_flags = [name for name, option in (("-C/--cwd", cwd), ("-c/--config", config),
                                                   ("--config-file", config_file)) if option]
        if project_flags:
            verb = "apply" if len(project_flags) > 1 else "applies"
            raise InputError(f"{' and '.join(project_flags)} {verb} to a stack's program: a {flag} file is priced "
                             "as it is")
        return PendingFile("preview" if flag == "--preview" else "state", value)
    from costing.inventory.stack import start_stack

    pending = start_stack(value, **project_options(cwd, config, config_file))
    if not pending.config.has_stack_file and pending.config.problem is None:  # (a problem says so itself)
        print(f"costing: note: stack {pending.config.stack} has no stack file ({pending.config.stack_file}): it runs "
              "on the project's config values and -c/--config", file=sys.stderr)
    environments = pending.config.environments
    if environments and pending.config.problem is None:
        print(f"costing: note: {pending.config.stack_file} imports the Pulumi ESC environment"
              f"{'s' if len(environments) > 1 else ''} {', '.join(environments)}, which costing cannot read offline: "
              "the config it sets is absent (give it with -c KEY=VALUE or --config-file)", file=sys.stderr)
    return pending


def project_options(cwd: str | None, config: list[str] | None, config_file: str | None) -> dict:
    """-C, -c and --config-file as start_stack's and review's keyword arguments (without -C, the project is
    found from the current folder when a side needs one)."""
    from costing.project import find_project

    options = {"overrides": tuple(config or ()), "config_file": config_file}
    return {**options, "project_dir": find_project(cwd)} if cwd is not None else options


def collect(pending: PendingStack | PendingFile) -> Inventory:
    """The source's inventory, with a warning on stderr for each invoke of its program that costing could
    not answer offline (their results were unknown)."""
    inventory = pending.inventory()
    for token in inventory.source.get("unanswered_invokes", ()):
        print(f"costing: warning: the program's invoke {token} has no offline answer: its results were unknown, "
              "as for a resource not yet created", file=sys.stderr)
    return inventory


@dataclass(frozen=True)
class PendingFile:
    """A preview or state file, read when its inventory is asked for; a file has no stack config."""

    kind: str  # "preview" | "state"
    path: str
    config: None = None

    def inventory(self) -> Inventory:
        from costing import inventory

        return (inventory.load_preview if self.kind == "preview" else inventory.load_state)(self.path)


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
    """The command line in this process (tests call it): run the app, turn every input error into one
    line and exit code 2; ends with SystemExit."""
    gc.disable()  # a short-lived command: the collector's passes cost time and free nothing that matters
    try:
        _run(argv)
    finally:
        gc.enable()


def console_main() -> None:
    """The `costing` script and `python -m costing`: main, then exit without the interpreter's teardown.

    Tearing down frees every object of pandas and numpy one by one (0.05-0.1 s, a tenth of an estimate)
    in a process that ends anyway. What a normal exit does that matters still happens: the atexit
    handlers run (a program's runner nobody waited for is stopped) and the output is flushed. An
    unexpected exception is left to Python, traceback and teardown included.
    """
    try:
        main()
    except SystemExit as stop:
        exit_now(_exit_code(stop.code))


def _exit_code(code: object) -> int:
    """sys.exit's meaning of its argument: None is 0, a number is itself, anything else is printed and 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def exit_now(code: int) -> None:
    """Exit with `code` at once: atexit handlers, then flushed output, then no teardown (see console_main)."""
    atexit._run_exitfuncs()  # noqa: SLF001 (CPython's own call at exit, public since Python 3.0 in all but name)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away (`costing ... | head`), a closed stream
            pass
    os._exit(code)


def _run(argv: list[str] | None) -> None:
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
    except MemoryError:
        fail("out of memory: the input is too large for the memory available")
    sys.exit(code or 0)


def usage_message(error: typer.TyperException) -> str:
    context = getattr(error, "ctx", None)
    hint = f" (see `{context.command_path} --help`)" if context is not None else ""
    return error.format_message() + hint


def fail(message: str) -> None:
    flat = " ".join(message.split("\n"))
    print(f"costing: error: {flat}", file=sys.stderr)
    sys.exit(2)
