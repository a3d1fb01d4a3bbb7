"""Transfer Family servers (https://aws.amazon.com/aws-transfer-family/pricing/).

- Endpoint hours: each enabled protocol (`protocols`: SFTP by default, FTPS, FTP, AS2) is billed per hour
  while the server exists, stopped or not.
- Data uploaded and downloaded per GB (`monthly_data_uploaded_gb`, `monthly_data_downloaded_gb`), at
  the SFTP, FTPS and FTP rate (one rate for the three). AS2 messages, connectors, web apps and
  decryption are not priced.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from costing.rules.common import Unpriceable, each_type, known, known_value
from costing.rules.declare import OfferFilter, Page, Price, UsageKey

SERVER = "aws:transfer/server:Server"
TYPES = (SERVER,)
FILE = "transfer.json"
PROTOCOLS = ("SFTP", "FTPS", "FTP", "AS2")
DEFAULT_PROTOCOLS = ("SFTP",)

PROTOCOL_HOURS = Price(
    "transfer", "endpoint", "hour", "{protocol} endpoint hours", variant="{protocol}",
    sources=[Page(FILE, re.compile(r"Transfer (?P<protocol>SFTP|FTPS|FTP|AS2) per Hourly"))],
    refresh=[OfferFilter("AWSTransfer", families="AWS Transfer Family", usage_pattern=re.compile(r"-ProtocolHours$"),
                         attributes={"operation": re.compile(r"^(SFTP|FTPS|FTP|AS2):S3$")},
                         fill={"protocol": lambda row: row.operation.split(":", 1)[0]}, reads=("operation",),
                         example={"usageType": "USE1-ProtocolHours", "operation": "SFTP:S3"})])
UPLOADED = Price("transfer", "data-uploaded", "GB", "data uploaded", sources=[Page(FILE, "Transfer SFTP Upload per GB")],
                 refresh=[OfferFilter("AWSTransfer", families="AWS Transfer Family",
                                      usage_pattern=re.compile(r"-UploadBytes$"), attributes={"operation": "FTP:S3"},
                                      example={"usageType": "USE1-UploadBytes"})])
DOWNLOADED = Price("transfer", "data-downloaded", "GB", "data downloaded",
                   sources=[Page(FILE, "Transfer SFTP Download per GB")],
                   refresh=[OfferFilter("AWSTransfer", families="AWS Transfer Family",
                                        usage_pattern=re.compile(r"-DownloadBytes$"), attributes={"operation": "FTP:S3"},
                                        example={"usageType": "USE1-DownloadBytes"})])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"transfer": "Transfer Family"}
PRICES = (PROTOCOL_HOURS, UPLOADED, DOWNLOADED)

MONTHLY_DATA_UPLOADED_GB = UsageKey("monthly_data_uploaded_gb", "GB", "data uploaded to the server per month")
MONTHLY_DATA_DOWNLOADED_GB = UsageKey("monthly_data_downloaded_gb", "GB", "data downloaded from the server per month")
USAGE = {SERVER: (MONTHLY_DATA_UPLOADED_GB, MONTHLY_DATA_DOWNLOADED_GB)}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    return each_type(resources, {SERVER: (_server, "Transfer Family server")})


def _server(resource: Any) -> list[dict[str, Any]]:
    urn = resource.urn
    given = known(resource.inputs, "protocols", "protocols") or DEFAULT_PROTOCOLS
    protocols = [str(known_value(protocol, "protocol")).upper() for protocol in given]
    unknown = [protocol for protocol in protocols if protocol not in PROTOCOLS]
    if unknown:
        raise Unpriceable(f"protocol {unknown[0]}: priced are {', '.join(PROTOCOLS)}")
    rows = [PROTOCOL_HOURS.line(urn, 1.0, protocol=protocol) for protocol in dict.fromkeys(protocols)]
    if set(protocols) - {"AS2"}:
        rows += [UPLOADED.usage_line(urn, MONTHLY_DATA_UPLOADED_GB),
                 DOWNLOADED.usage_line(urn, MONTHLY_DATA_DOWNLOADED_GB)]
    return rows
