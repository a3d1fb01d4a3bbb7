"""A real HTTP server on 127.0.0.1 serving Price List Bulk API fixtures, for the refresh tests.

`BulkApi` builds files in the Bulk API's real shapes: the offer index
(/offers/v1.0/aws/index.json), each offer's region index (.../current/region_index.json) and
per-region CSV offer files (.../<version>/<region>/index.csv: 5 metadata rows, the header, one row
per SKU x term x price dimension, every non-empty field quoted, as AWS writes them). The EC2 header
is the real AmazonEC2 one (../shared/pricing/price-list-api-examples).

`FixtureServer` serves them from a thread on an ephemeral port, with per-path misbehaviour: 503s
(with a Retry-After) before success, a connection dropped after N bytes, a body cut short for good,
Range support on or off, a gzip-compressed body, a body trickled a byte at a time; a `Body` may be
generated on the fly (a file of any size, never held in memory). It records every request, times
out idle sockets, and shuts itself down after `lifetime` seconds at the latest.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from decimal import Decimal
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

PUBLISHED = "2026-09-01T12:00:00Z"
VERSION = "20260901120000"
DISCLAIMER = ("This pricing list is for informational purposes only. All prices are subject to the additional "
              "terms included in the pricing pages on http://aws.amazon.com.")

EC2_HEADER = [
    "SKU", "OfferTermCode", "RateCode", "TermType", "PriceDescription", "EffectiveDate", "StartingRange",
    "EndingRange", "Unit", "PricePerUnit", "Currency", "RelatedTo", "LeaseContractLength", "PurchaseOption",
    "OfferingClass", "Product Family", "serviceCode", "Location", "Location Type", "Instance Type",
    "Current Generation", "Instance Family", "vCPU", "Physical Processor", "Clock Speed", "Memory", "Storage",
    "Network Performance", "Processor Architecture", "Storage Media", "Volume Type", "Max Volume Size",
    "Max IOPS/volume", "Max IOPS Burst Performance", "Max throughput/volume", "Provisioned", "Tenancy",
    "EBS Optimized", "Operating System", "License Model", "Group", "Group Description", "Transfer Type",
    "From Location", "From Location Type", "To Location", "To Location Type", "usageType", "operation",
    "AvailabilityZone", "CapacityStatus", "ClassicNetworkingSupport", "Dedicated EBS Throughput", "ECU",
    "Elastic Graphics Type", "Enhanced Networking Supported", "From Region Code", "GPU", "GPU Memory",
    "Instance", "Instance Capacity - 10xlarge", "Instance Capacity - 12xlarge", "Instance Capacity - 16xlarge",
    "Instance Capacity - 18xlarge", "Instance Capacity - 24xlarge", "Instance Capacity - 2xlarge",
    "Instance Capacity - 32xlarge", "Instance Capacity - 4xlarge", "Instance Capacity - 8xlarge",
    "Instance Capacity - 9xlarge", "Instance Capacity - large", "Instance Capacity - medium",
    "Instance Capacity - metal", "Instance Capacity - xlarge", "instanceSKU", "Intel AVX2 Available",
    "Intel AVX Available", "Intel Turbo Available", "MarketOption", "Normalization Size Factor",
    "Physical Cores", "Pre Installed S/W", "Processor Features", "Product Type", "Region Code",
    "Resource Type", "serviceName", "SnapshotArchiveFeeType", "To Region Code", "Volume API Name",
    "VPCNetworkingSupport"
]
PRICE_COLUMNS = ["SKU", "OfferTermCode", "RateCode", "TermType", "PriceDescription", "EffectiveDate", "StartingRange",
                 "EndingRange", "Unit", "PricePerUnit", "Currency", "RelatedTo", "LeaseContractLength",
                 "PurchaseOption", "OfferingClass", "Product Family", "serviceCode", "Location", "Location Type"]
HEADERS = {
    "AmazonEC2": EC2_HEADER,
    "AmazonRDS": PRICE_COLUMNS + [
        "Instance Type", "Current Generation", "Instance Family", "vCPU", "Memory", "Storage", "Network Performance",
        "Volume Type", "Min Volume Size", "Max Volume Size", "Engine Code", "Database Engine", "Database Edition",
        "License Model", "Deployment Option", "Group", "Group Description", "usageType", "operation",
        "Deployment Model", "Engine Media Type", "Region Code", "serviceName"],
    "AWSELB": PRICE_COLUMNS + ["Group", "Group Description", "usageType", "operation", "Region Code", "serviceName"],
    "AmazonVPC": PRICE_COLUMNS + ["Group", "Group Description", "usageType", "operation", "Region Code",
                                  "serviceName", "Endpoint Type"],
    "AWSDataTransfer": PRICE_COLUMNS[:16] + [
        "serviceCode", "Transfer Type", "From Location", "From Location Type", "To Location", "To Location Type",
        "usageType", "operation", "From Region Code", "To Region Code", "serviceName"],
    "AmazonCloudWatch": PRICE_COLUMNS + ["Group", "Group Description", "usageType", "operation", "Region Code",
                                         "serviceName"],
    "AWSSecretsManager": PRICE_COLUMNS + ["Group", "usageType", "operation", "Region Code", "serviceName"],
    "awskms": PRICE_COLUMNS + ["Group", "usageType", "operation", "Region Code", "serviceName"],
}
LOCATIONS = {"us-east-1": "US East (N. Virginia)", "eu-west-1": "EU (Ireland)",
             "ap-southeast-2": "Asia Pacific (Sydney)"}
ON_DEMAND_TERM = "JRTCKXETXF"
RESERVED_TERM_CODES = {  # (lease, purchase option, offering class) -> AWS's offer term code
    ("1yr", "No Upfront", "standard"): "4NA7Y494T4", ("1yr", "All Upfront", "standard"): "6QCMYABX3D",
    ("1yr", "Partial Upfront", "standard"): "HU7G6KETJZ", ("3yr", "No Upfront", "standard"): "BPH4J8HBKS",
    ("3yr", "All Upfront", "standard"): "NQ3QZPMQV9", ("3yr", "Partial Upfront", "standard"): "38NPMPTW36",
    ("1yr", "No Upfront", "convertible"): "7NE97W5U4E", ("3yr", "All Upfront", "convertible"): "MZU6U2429S",
}
HOURLY_DIMENSION, UPFRONT_DIMENSION = "6YS6EN2CT7", "2TG2D8R56U"


# --- rows and files --------------------------------------------------------------------------------

def product(sku: str, family: str, region: str, usage_type: str, attributes: dict[str, str] | None = None
            ) -> dict[str, str]:
    """A product's columns (keys are header names)."""
    return {"SKU": sku, "Product Family": family, "Location": LOCATIONS.get(region, region),
            "Location Type": "AWS Region", "Region Code": region, "Currency": "USD", "EffectiveDate": "2026-09-01",
            "usageType": usage_type, **(attributes or {})}


def on_demand(item: dict[str, str], unit: str, price: str, begin: str = "0", end: str = "Inf") -> dict[str, str]:
    """The on-demand price dimension of a product."""
    return {**item, "OfferTermCode": ON_DEMAND_TERM, "RateCode": f"{item['SKU']}.{ON_DEMAND_TERM}.{HOURLY_DIMENSION}",
            "TermType": "OnDemand", "PriceDescription": f"${price} per {unit}", "StartingRange": begin,
            "EndingRange": end, "Unit": unit, "PricePerUnit": price}


def reserved(item: dict[str, str], lease: str, option: str, hourly: str, upfront: str | None = None,
             offering_class: str = "standard") -> list[dict[str, str]]:
    """A Reserved term's rows: the hourly fee, and the upfront fee when there is one."""
    code = RESERVED_TERM_CODES[(lease, option, offering_class)]
    term = {**item, "OfferTermCode": code, "TermType": "Reserved", "LeaseContractLength": lease,
            "PurchaseOption": option, "OfferingClass": offering_class}
    rows = [{**term, "RateCode": f"{item['SKU']}.{code}.{HOURLY_DIMENSION}", "StartingRange": "0",
             "EndingRange": "Inf", "Unit": "Hrs", "PricePerUnit": hourly,
             "PriceDescription": "reserved instance applied"}]
    if upfront is not None:
        rows.append({**term, "RateCode": f"{item['SKU']}.{code}.{UPFRONT_DIMENSION}", "Unit": "Quantity",
                     "PricePerUnit": upfront, "PriceDescription": "Upfront Fee"})
    return rows


def csv_line(fields: list[str]) -> str:
    """One line as AWS writes it: every non-empty field quoted, empty fields left bare."""
    return ",".join('"' + value.replace('"', '""') + '"' if value else "" for value in fields) + "\n"


def offer_csv_head(offer: str, header: list[str], published: str = PUBLISHED, version: str = VERSION) -> str:
    metadata = [["FormatVersion", "v1.0"], ["Disclaimer", DISCLAIMER], ["Publication Date", published],
                ["Version", version], ["OfferCode", offer]]
    return "".join(csv_line(row) for row in metadata) + csv_line(header)


def offer_csv(offer: str, rows: list[dict[str, str]], header: list[str] | None = None,
              published: str = PUBLISHED, version: str = VERSION) -> bytes:
    """A whole CSV offer file; `header` defaults to the offer's (HEADERS)."""
    header = header or HEADERS[offer]
    unknown = {name for row in rows for name in row} - set(header)
    assert not unknown, f"columns not in the {offer} header: {unknown}"
    body = "".join(csv_line([row.get(name, "") for name in header]) for row in rows)
    return (offer_csv_head(offer, header, published, version) + body).encode()


# --- the server ------------------------------------------------------------------------------------

@dataclass
class Body:
    """`head` then `block` repeated `repeats` times: a file of any size produced on the fly."""

    head: bytes
    block: bytes = b""
    repeats: int = 0

    @property
    def size(self) -> int:
        return len(self.head) + len(self.block) * self.repeats

    def chunks(self, start: int, chunk: int = 1 << 18) -> Iterator[bytes]:
        """The bytes from `start` to the end, in pieces of about `chunk` bytes."""
        if start < len(self.head):
            yield self.head[start:]
            start = len(self.head)
        offset = start - len(self.head)
        if not self.block:
            return
        index, within = divmod(offset, len(self.block))
        per_chunk = max(1, chunk // len(self.block))
        if index < self.repeats and within:
            yield self.block[within:]
            index += 1
        while index < self.repeats:
            count = min(per_chunk, self.repeats - index)
            yield self.block * count
            index += count


@dataclass
class Route:
    """A served path and how it misbehaves."""

    body: Body
    fail_first: int = 0  # answer this many requests with 503 first
    drop_after: int | None = None  # send this many bytes of the body, then close the connection ...
    drops: int = 0  # ... on this many requests
    cut_at: int | None = None  # never send bytes past this offset (a download that always breaks)
    ranges: bool = True  # honour Range requests
    etag: str = '"v1"'
    etag_after_drop: str | None = None  # the file changes (a new ETag) once a connection was dropped
    stalls: int = 0  # on this many requests, send 1,000 bytes of the body, then nothing for `stall_seconds`
    stall_seconds: float = 2.0
    retry_after: str | None = None  # the Retry-After header of the 503s of `fail_first`
    gzip: bool = False  # send the whole body gzip-compressed (Content-Encoding: gzip), ranges ignored
    content_encoding: str | None = None  # a Content-Encoding header for the body as it is
    trickle: float | None = None  # send the body one byte at a time, this many seconds apart
    requests: list[dict] = field(default_factory=list)  # {"range": header or None, "status": int}


class FixtureServer:
    """`with FixtureServer(routes) as server:` serves `routes` at `server.url` until the block ends."""

    def __init__(self, routes: dict[str, Route], lifetime: float = 120.0):
        self.routes = routes
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._watchdog = threading.Timer(lifetime, self._httpd.shutdown)
        self._watchdog.daemon = True

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> "FixtureServer":
        self._thread.start()
        self._watchdog.start()
        return self

    def __exit__(self, *exc) -> None:
        self._watchdog.cancel()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=10)


def _handler(server: FixtureServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        timeout = 10  # seconds a socket may idle

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            route = server.routes.get(self.path)
            requested = self.headers.get("Range")
            if route is None:
                self.send_error(404, "Not Found")
                return
            if route.fail_first > 0:
                route.fail_first -= 1
                route.requests.append({"range": requested, "status": 503})
                self.send_response(503, "Service Unavailable")
                if route.retry_after is not None:
                    self.send_header("Retry-After", route.retry_after)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if route.gzip:
                self._send_gzip(route, requested)
                return
            start = 0
            if requested and route.ranges and self.headers.get("If-Range") in (None, route.etag):
                start = int(requested.removeprefix("bytes=").split("-")[0])
            size = route.body.size
            status = 206 if start else 200
            route.requests.append({"range": requested, "status": status})
            self.send_response(status)
            self.send_header("Content-Type", "text/csv" if self.path.endswith(".csv") else "application/json")
            self.send_header("Content-Length", str(size - start))
            self.send_header("ETag", route.etag)
            if route.content_encoding:
                self.send_header("Content-Encoding", route.content_encoding)
            if route.ranges:
                self.send_header("Accept-Ranges", "bytes")
            if status == 206:
                self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
            self.end_headers()
            self._send(route, start)

        def _send_gzip(self, route: Route, requested: str | None) -> None:
            body = gzip.compress(b"".join(route.body.chunks(0)), mtime=0)
            route.requests.append({"range": requested, "status": 200})
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("ETag", route.etag)
            self.end_headers()
            limit = len(body)
            if route.drops > 0 and route.drop_after is not None:
                route.drops -= 1
                limit = route.drop_after
                self.close_connection = True
            self.wfile.write(body[:limit])

        def _send(self, route: Route, start: int) -> None:
            if route.trickle is not None:
                for offset in range(start, route.body.size):
                    self.wfile.write(route.body.head[offset:offset + 1])
                    self.wfile.flush()
                    time.sleep(route.trickle)
                return
            if route.stalls > 0:
                route.stalls -= 1
                self.wfile.write(next(route.body.chunks(start))[:1000])
                self.wfile.flush()
                time.sleep(route.stall_seconds)
                self.close_connection = True
                return
            limit = route.cut_at
            if route.drops > 0 and route.drop_after is not None:
                route.drops -= 1
                limit = start + route.drop_after
                route.etag = route.etag_after_drop or route.etag
            sent = start
            for chunk in route.body.chunks(start):
                if limit is not None and sent + len(chunk) >= limit:
                    self.wfile.write(chunk[:max(0, limit - sent)])
                    self.close_connection = True
                    return
                self.wfile.write(chunk)
                sent += len(chunk)

        def log_message(self, *args) -> None:
            pass

    return Handler


# --- a whole Bulk API site ---------------------------------------------------------------------------

class BulkApi:
    """Offer files per (offer, region) and the indexes that lead to them, as Routes by path."""

    def __init__(self, version: str = VERSION, published: str = PUBLISHED):
        self.version = version
        self.published = published
        self.files: dict[tuple[str, str], Body] = {}
        self.unlisted: set[tuple[str, str]] = set()  # files served but left out of their region index

    def add(self, offer: str, region: str, rows: list[dict[str, str]], header: list[str] | None = None) -> None:
        self.files[(offer, region)] = Body(offer_csv(offer, rows, header, self.published, self.version))

    def csv_path(self, offer: str, region: str) -> str:
        return f"/offers/v1.0/aws/{offer}/{self.version}/{region}/index.csv"

    def routes(self) -> dict[str, Route]:
        offers = sorted({offer for offer, _ in self.files})
        routes = {"/offers/v1.0/aws/index.json": Route(Body(json.dumps({
            "formatVersion": "v1.0", "disclaimer": DISCLAIMER, "publicationDate": self.published,
            "offers": {offer: {"offerCode": offer,
                               "versionIndexUrl": f"/offers/v1.0/aws/{offer}/index.json",
                               "currentVersionUrl": f"/offers/v1.0/aws/{offer}/current/index.json",
                               "currentRegionIndexUrl": f"/offers/v1.0/aws/{offer}/current/region_index.json"}
                       for offer in offers}}, indent=2).encode()))}
        for offer in offers:
            regions = sorted(region for known, region in self.files if known == offer
                             and (offer, region) not in self.unlisted)
            routes[f"/offers/v1.0/aws/{offer}/current/region_index.json"] = Route(Body(json.dumps({
                "formatVersion": "v1.0", "disclaimer": DISCLAIMER, "publicationDate": self.published,
                "regions": {region: {"regionCode": region, "currentVersionUrl":
                                     f"/offers/v1.0/aws/{offer}/{self.version}/{region}/index.json"}
                            for region in regions}}, indent=2).encode()))
        for (offer, region), body in self.files.items():
            routes[self.csv_path(offer, region)] = Route(body)
        return routes


# --- the fixture prices ------------------------------------------------------------------------------
# Figures of ../shared/pricing/README.md where it confirms them; reserved terms and the rest are
# plausible values chosen so every expected price is exact. PREFIX: the region's usage-type prefix.

PREFIX = {"us-east-1": "", "eu-west-1": "EU-", "ap-southeast-2": "APS2-"}
LINUX = {"Operating System": "Linux", "Tenancy": "Shared", "Pre Installed S/W": "NA", "CapacityStatus": "Used",
         "License Model": "No License required", "MarketOption": "OnDemand"}


def instance(sku: str, region: str, instance_type: str, family: str = "Compute Instance",
             **differences: str) -> dict[str, str]:
    """An EC2 instance product, Linux shared on-demand unless `differences` (header names) say otherwise."""
    attributes = {"Instance Type": instance_type, "operation": "RunInstances", **LINUX}
    attributes |= {name.replace("_", " "): value for name, value in differences.items()}
    return product(sku, family, region, f"{PREFIX[region]}BoxUsage:{instance_type}", attributes)


def usage(sku: str, family: str, region: str, usage_type: str, **attributes: str) -> dict[str, str]:
    """A product identified by its usage type (region prefix added)."""
    return product(sku, family, region, PREFIX[region] + usage_type,
                   {name.replace("_", " "): value for name, value in attributes.items()})


def ec2_rows(region: str, t3_micro: str, m5_large: str, gp3: str, nat: str) -> list[dict[str, str]]:
    t3 = instance(f"T3{region}", region, "t3.micro")
    return [
        on_demand(t3, "Hrs", t3_micro),
        *reserved(t3, "1yr", "No Upfront", "0.0065"),
        *reserved(t3, "1yr", "All Upfront", "0.0000000000", "55"),
        *reserved(t3, "3yr", "No Upfront", "0.0045"),
        *reserved(t3, "3yr", "All Upfront", "0.0000000000", "113"),
        *reserved(t3, "1yr", "Partial Upfront", "0.0031", "27"),  # not a term the estimate offers
        *reserved(t3, "1yr", "No Upfront", "0.0075", offering_class="convertible"),  # not standard
        on_demand(instance(f"W{region}", region, "t3.micro", Operating_System="Windows"), "Hrs", "0.0196"),
        on_demand(instance(f"D{region}", region, "t3.micro", Tenancy="Dedicated"), "Hrs", "0.0130"),
        on_demand(instance(f"S{region}", region, "t3.micro", **{"Pre Installed S/W": "SQL Web"}), "Hrs", "0.0300"),
        on_demand(instance(f"U{region}", region, "t3.micro", CapacityStatus="UnusedCapacityReservation"), "Hrs",
                  "0.0104"),
        on_demand({**instance(f"L{region}", region, "t3.micro"), "Location Type": "AWS Local Zone",
                   "Region Code": f"{region}-bos-1"}, "Hrs", "0.0125"),
        on_demand(instance(f"M5{region}", region, "m5.large"), "Hrs", m5_large),
        on_demand(instance(f"MM{region}", region, "m5.metal", family="Compute Instance (bare metal)"), "Hrs", "4.608"),
        on_demand(usage(f"G3{region}", "Storage", region, "EBS:VolumeUsage.gp3", Volume_API_Name="gp3"), "GB-Mo", gp3),
        on_demand(usage(f"GI{region}", "System Operation", region, "EBS:VolumeP-IOPS.gp3", Volume_API_Name="gp3"),
                  "IOPS-Mo", "0.005"),
        on_demand(usage(f"GT{region}", "Provisioned Throughput", region, "EBS:VolumeP-Throughput.gp3",
                        Volume_API_Name="gp3"), "GiBps-mo", "40.96"),
        on_demand(usage(f"I1{region}", "Storage", region, "EBS:VolumeUsage.piops", Volume_API_Name="io1"), "GB-Mo",
                  "0.125"),
        on_demand(usage(f"I2{region}", "System Operation", region, "EBS:VolumeP-IOPS.io2.tier2",
                        Volume_API_Name="io2"), "IOPS-Mo", "0.0455"),
        on_demand(usage(f"SN{region}", "Storage Snapshot", region, "EBS:SnapshotUsage"), "GB-Mo", "0.05"),
        on_demand(usage(f"NH{region}", "NAT Gateway", region, "NatGateway-Hours"), "Hrs", nat),
        on_demand(usage(f"NB{region}", "NAT Gateway", region, "NatGateway-Bytes"), "GB", nat),
    ]


def rds_instance(sku: str, region: str, instance_class: str, engine: str, edition: str, license_: str,
                 deployment: str) -> dict[str, str]:
    kind = "InstanceUsage" if deployment == "Single-AZ" else "Multi-AZUsage"
    return usage(sku, "Database Instance", region, f"{kind}:{instance_class}", Instance_Type=instance_class,
                 Database_Engine=engine, Database_Edition=edition, License_Model=license_,
                 Deployment_Option=deployment)


def double(price: str) -> str:
    """Multi-AZ is twice Single-AZ in these files."""
    return str(Decimal(price) * 2)


def rds_rows(region: str, micro_single: str, gp3_single: str) -> list[dict[str, str]]:
    single = rds_instance(f"RS{region}", region, "db.t3.micro", "MySQL", "", "No license required", "Single-AZ")
    return [
        on_demand(single, "Hrs", micro_single),
        *reserved(single, "1yr", "No Upfront", "0.012"),
        *reserved(single, "3yr", "All Upfront", "0.0000000000", "300"),
        on_demand(rds_instance(f"RM{region}", region, "db.t3.micro", "MySQL", "", "No license required", "Multi-AZ"),
                  "Hrs", double(micro_single)),
        on_demand(rds_instance(f"SQ{region}", region, "db.m5.large", "SQL Server", "Express", "License included",
                               "Single-AZ"), "Hrs", "0.237"),
        on_demand(rds_instance(f"OR{region}", region, "db.r5.large", "Oracle", "Standard Two",
                               "Bring your own license", "Multi-AZ"), "Hrs", "0.5"),
        on_demand(rds_instance(f"AU{region}", region, "db.r5.large", "Aurora MySQL", "", "No license required",
                               "Single-AZ"), "Hrs", "0.29"),
        on_demand(usage(f"S3{region}", "Database Storage", region, "RDS:GP3-Storage", Volume_Type="General Purpose-GP3",
                        Database_Engine="Any", Deployment_Option="Single-AZ"), "GB-Mo", gp3_single),
        on_demand(usage(f"M3{region}", "Database Storage", region, "RDS:Multi-AZ-GP3-Storage",
                        Volume_Type="General Purpose-GP3", Database_Engine="Any", Deployment_Option="Multi-AZ"),
                  "GB-Mo", double(gp3_single)),
        on_demand(usage(f"S2M{region}", "Database Storage", region, "RDS:GP2-Storage", Volume_Type="General Purpose",
                        Database_Engine="MySQL", Deployment_Option="Single-AZ"), "GB-Mo", "0.115"),
        on_demand(usage(f"S2P{region}", "Database Storage", region, "RDS:GP2-Storage", Volume_Type="General Purpose",
                        Database_Engine="PostgreSQL", Deployment_Option="Single-AZ"), "GB-Mo", "0.115"),
        on_demand(usage(f"BK{region}", "Storage Snapshot", region, "RDS:ChargedBackupUsage", Database_Engine="Any"),
                  "GB-Mo", "0.095"),
    ]


def elb_rows(region: str, alb: str) -> list[dict[str, str]]:
    return [
        on_demand(usage(f"AH{region}", "Load Balancer-Application", region, "LoadBalancerUsage"), "Hrs", alb),
        on_demand(usage(f"AL{region}", "Load Balancer-Application", region, "LCUUsage"), "LCU-Hrs", "0.008"),
        on_demand({**usage(f"AO{region}", "Load Balancer-Application", region, "LoadBalancerUsage"),
                   "Location Type": "AWS Outposts"}, "Hrs", "0.05"),
        on_demand(usage(f"NH{region}", "Load Balancer-Network", region, "LoadBalancerUsage"), "Hrs", alb),
        on_demand(usage(f"NL{region}", "Load Balancer-Network", region, "LCUUsage"), "LCU-Hrs", "0.006"),
        on_demand(usage(f"CH{region}", "Load Balancer", region, "LoadBalancerUsage"), "Hrs", "0.025"),
        on_demand(usage(f"CD{region}", "Load Balancer", region, "DataProcessing-Bytes"), "GB", "0.008"),
    ]


def vpc_rows(region: str) -> list[dict[str, str]]:
    endpoint_bytes = usage(f"EB{region}", "VpcEndpoint", region, "VpcEndpoint-Bytes")
    return [
        on_demand(usage(f"IU{region}", "VPC Public IPv4 Address", region, "PublicIPv4:InUseAddress"), "Hrs", "0.005"),
        on_demand(usage(f"II{region}", "VPC Public IPv4 Address", region, "PublicIPv4:IdleAddress"), "Hrs", "0.005"),
        on_demand(usage(f"VP{region}", "Cloud Connectivity", region, "VPN-Usage-Hours:ipsec.1"), "Hrs", "0.05"),
        on_demand(usage(f"VL{region}", "Cloud Connectivity", region, "VPN-large-Usage-Hours:ipsec.1"), "Hrs", "0.6"),
        on_demand(usage(f"EH{region}", "VpcEndpoint", region, "VpcEndpoint-Hours"), "Hrs", "0.01"),
        on_demand(endpoint_bytes, "GB", "0.01", "0", "1048576"),
        on_demand(endpoint_bytes, "GB", "0.006", "1048576", "5242880"),
        on_demand(endpoint_bytes, "GB", "0.004", "5242880", "Inf"),
    ]


def data_transfer_rows(region: str) -> list[dict[str, str]]:
    out = {"SKU": f"DT{region}", "Product Family": "Data Transfer", "Transfer Type": "AWS Outbound",
           "From Location": LOCATIONS[region], "From Location Type": "AWS Region", "From Region Code": region,
           "To Location": "External", "To Location Type": "Other", "Currency": "USD",
           "usageType": f"{PREFIX[region] or 'USE1-'}DataTransfer-Out-Bytes"}
    regional = {**out, "SKU": f"DR{region}", "usageType": "DataTransfer-Regional-Bytes"}
    return [on_demand(out, "GB", "0.00", "0", "1"), on_demand(out, "GB", "0.09", "1", "10240"),
            on_demand(out, "GB", "0.085", "10240", "51200"), on_demand(out, "GB", "0.07", "51200", "153600"),
            on_demand(out, "GB", "0.05", "153600", "Inf"), on_demand(regional, "GB", "0.01")]


def cloudwatch_rows(region: str) -> list[dict[str, str]]:
    return [
        on_demand(usage(f"CA{region}", "Alarm", region, "CW:AlarmMonitorUsage"), "Alarms", "0.10"),
        on_demand(usage(f"CH{region}", "Alarm", region, "CW:HighResAlarmMonitorUsage"), "Alarms", "0.30"),
        on_demand(usage(f"CC{region}", "Alarm", region, "CW:CompositeAlarmMonitorUsage"), "Alarms", "0.50"),
        on_demand(usage(f"LI{region}", "Data Payload", region, "DataProcessing-Bytes"), "GB", "0.50"),
        on_demand(usage(f"LS{region}", "Storage Snapshot", region, "TimedStorage-ByteHrs"), "GB-Mo", "0.03"),
    ]


def secrets_rows(region: str) -> list[dict[str, str]]:
    return [on_demand(usage(f"SM{region}", "Secret", region, "AWSSecretsManager-Secrets"), "Secrets", "0.40")]


def kms_rows(region: str) -> list[dict[str, str]]:
    key = {**usage(f"KM{region}", "Encryption Key", region, ""), "usageType": f"{region}-KMS-Keys"}
    return [on_demand(key, "Keys", "1.00")]


def standard_site(**bulk_api: str) -> BulkApi:
    """Every offer the refresh reads, in us-east-1 and eu-west-1; AmazonEC2 also in ap-southeast-2."""
    site = BulkApi(**bulk_api)
    for region, t3, m5, gp3, nat, rds_micro, rds_gp3, alb in [
            ("us-east-1", "0.0104", "0.096", "0.08", "0.045", "0.017", "0.115", "0.0225"),
            ("eu-west-1", "0.0114", "0.107", "0.088", "0.048", "0.018", "0.127", "0.0252")]:
        site.add("AmazonEC2", region, ec2_rows(region, t3, m5, gp3, nat))
        site.add("AmazonRDS", region, rds_rows(region, rds_micro, rds_gp3))
        site.add("AWSELB", region, elb_rows(region, alb))
        site.add("AmazonVPC", region, vpc_rows(region))
        site.add("AWSDataTransfer", region, data_transfer_rows(region))
        site.add("AmazonCloudWatch", region, cloudwatch_rows(region))
        site.add("AWSSecretsManager", region, secrets_rows(region))
        site.add("awskms", region, kms_rows(region))
    site.add("AmazonEC2", "ap-southeast-2", ec2_rows("ap-southeast-2", "0.0132", "0.120", "0.096", "0.059"))
    return site


# --- test helpers ------------------------------------------------------------------------------------

def fast_retries(attempts: int = 3, timeout: float = 5.0):
    """A retry policy for tests: a few attempts, backoff in milliseconds, short socket timeouts."""
    from costing.refresh import RetryPolicy

    return RetryPolicy(attempts=attempts, backoff=0.005, max_backoff=0.01, timeout=timeout)


def files_under(root) -> dict[str, bytes]:
    """Every file below `root` (relative path -> bytes): the whole state of a cache directory."""
    from pathlib import Path

    root = Path(root)
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}
