"""`costing prices ...`: what the price catalog holds (`info`), one price on demand (`lookup`), and a
refresh from the AWS Price List Bulk API (`refresh`)."""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated, Optional

import typer

from costing.cli_output import terminal_style
from costing.refresh.bulk_api import DEFAULT_ENDPOINT as REFRESH_ENDPOINT
from costing.report import PricesFormat

prices_app = typer.Typer(
    help="The price catalog: AWS prices embedded in the package or refreshed into the cache, with their as-of dates.",
    epilog="Examples: [bold]costing prices info[/bold] · "
           "[bold]costing prices lookup rds db.m6g.large --region eu-west-1[/bold]",
    no_args_is_help=True,
    rich_markup_mode="rich",
)

FormatOption = Annotated[PricesFormat, typer.Option("--format", "-f", help="table or json.")]


@prices_app.command(epilog="""Examples:

  costing prices info

  costing prices info --format json
""")
def info(output_format: FormatOption = PricesFormat.table) -> None:
    """Per service: regions and items covered, the prices' as-of date and age, the regions missing, how
    many items lack a price in some region, and where the prices come from (embedded snapshot or cache)."""
    from costing.catalog import load_catalog
    from costing.report import render_frame

    catalog = load_catalog()
    overview = catalog.overview(today=date.today())
    title = f"Prices: {catalog.origin}"
    if output_format is PricesFormat.table:
        from costing.report.table import render_price_info

        sys.stdout.write(render_price_info(overview, title=title, **terminal_style()))
    else:
        sys.stdout.write(render_frame(overview, output_format.value, title=title, **terminal_style()))


REFRESH_HELP = (
    "Download AWS's current prices (Price List Bulk API, no credentials needed) into the price cache.\n\n"
    "Files are streamed (a progress bar on a terminal), retried and resumed; only the prices the rules use are "
    "kept, reserved terms of EC2 and RDS included. The cache is replaced atomically: a failed or interrupted "
    "refresh keeps the previous prices. Estimates then use, per service, the newer of the cache and the "
    "embedded snapshot."
)


@prices_app.command(help=REFRESH_HELP, epilog="""Examples:

  costing prices refresh --regions us-east-1,eu-west-1

  costing prices refresh --services ec2,rds --regions eu-west-1

  costing prices refresh --endpoint https://prices.mirror.example.com
""")
def refresh(
    regions: Annotated[str, typer.Option(
        "--regions", metavar="R1,R2|all",
        help="Region codes to refresh, or all (every region of each offer: many GB for AmazonEC2).")] = "all",
    services: Annotated[Optional[str], typer.Option(
        "--services", metavar="S1,S2",
        help="Offer codes (AmazonEC2, AmazonRDS, AWSELB, AmazonVPC, AWSDataTransfer, AmazonCloudWatch, "
             "AWSSecretsManager, awskms) or catalog services (ec2, rds, ...); default: all of them.")] = None,
    endpoint: Annotated[str, typer.Option(
        metavar="URL", help="The Price List Bulk API host, or a mirror of it.")] = REFRESH_ENDPOINT,
    output_format: FormatOption = PricesFormat.table,
) -> None:
    from costing.cli import parse_regions
    from costing.errors import InputError
    from costing.refresh import refresh_prices
    from costing.report import render_frame

    names = [name for name in (services or "").split(",") if name.strip()] or None
    report = refresh_prices(regions=parse_regions(regions), services=names, endpoint=endpoint)
    sys.stdout.write(render_frame(report.summary(), output_format.value, title=f"Price refresh from {endpoint}",
                                  **terminal_style()))
    saved = "prices saved in" if report.generation else "nothing saved: the previous prices are kept in"
    print(f"costing: {saved} the cache {report.cache_dir}", file=sys.stderr)
    if not report.ok:
        raise InputError("price refresh failed for " + "; ".join(report.failures))


@prices_app.command(epilog="""Examples:

  costing prices lookup ec2 m6i.large --region eu-west-1

  costing prices lookup rds db.m6g.large --region eu-west-1 --variant "postgres|none|multi-az"

  costing prices lookup rds db.m6g.large --region eu-west-1      (every engine, licence, deployment)

  costing prices lookup nat nat-gateway --region ap-southeast-2 --format json
""")
def lookup(
    service: Annotated[str, typer.Argument(help="ec2, ebs, rds, rds-storage, elb, nat, vpc, data-transfer, ... "
                                                "(see `costing prices info`).")],
    item: Annotated[str, typer.Argument(help="An instance type or class (m6i.large, db.m6g.large) or an item "
                                             "such as gp3, nat-gateway, alb.")],
    region: Annotated[str, typer.Option(metavar="R", help="Region code.")] = "us-east-1",
    variant: Annotated[Optional[str], typer.Option(
        metavar="V", help="For RDS `engine|licence|deployment`, e.g. postgres|none|multi-az; "
                          "without it, every variant of the item is listed.")] = None,
    output_format: FormatOption = PricesFormat.table,
) -> None:
    """One price on demand: an EC2 type, an RDS class by engine and deployment, a storage or network item."""
    from costing.catalog import load_catalog
    from costing.report import render_price_rows

    rows = price_rows(load_catalog(), service, item, region, variant)
    sys.stdout.write(render_price_rows(rows, output_format.value, title=f"{service} {item} in {region}",
                                       **terminal_style()))


def price_rows(catalog, service: str, item: str, region: str, variant: str | None):
    """The catalog's rows for the key; every variant of the item when `variant` is None."""
    if variant is not None:
        return catalog.lookup(service, item, region, variant)
    prices = catalog.prices
    rows = prices[(prices["service"] == service) & (prices["region"] == region) & (prices["item"] == item)]
    if rows.empty:
        catalog.lookup(service, item, region)  # raises the InputError that names what is missing
    return rows.reset_index(drop=True)
