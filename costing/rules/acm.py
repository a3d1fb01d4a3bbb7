"""ACM private certificate authorities and the private certificates they issue
(https://aws.amazon.com/private-ca/pricing/, https://aws.amazon.com/certificate-manager/pricing/).

- Certificate authority: per CA per month, by usage mode: general-purpose (AWS's default) or short-lived
  certificate mode; and the certificates it issues beyond this stack per month (usage, `monthly_requests`,
  infracost's key): general-purpose in AWS's volume tiers (first 1,000, next 9,000, over 10,000),
  short-lived at one rate.
- Certificate (`aws:acm/certificate` with a `certificateAuthorityArn`, or `aws:acmpca/certificate`): a
  private certificate is a one-time charge when issued (and at each renewal), shown as one certificate
  in the month, at the first tier's rate, or the short-lived rate when its CA, found in the stack, is in
  short-lived mode (a CA outside the stack is taken as general-purpose, the higher rate). Public and
  imported ACM certificates are free: no line.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import Index, Unpriceable, each_type, known, text
from costing.rules.declare import INF, OfferFilter, Page, Price, Tier, Tiered, UsageKey

ACM_CERTIFICATE = "aws:acm/certificate:Certificate"
CERTIFICATE_AUTHORITY = "aws:acmpca/certificateAuthority:CertificateAuthority"
PCA_CERTIFICATE = "aws:acmpca/certificate:Certificate"
TYPES = (ACM_CERTIFICATE, CERTIFICATE_AUTHORITY, PCA_CERTIFICATE)
FILE = "certificatemanager.json"
GENERAL, SHORT_LIVED = "GENERAL_PURPOSE", "SHORT_LIVED_CERTIFICATE"  # CreateCertificateAuthority UsageMode
MODES = {GENERAL: "general-purpose", SHORT_LIVED: "short-lived"}

CA_MONTH = {
    "general-purpose": Price("acm-pca", "certificate-authority", "ca-month", "private CA (general-purpose)",
                             variant="general-purpose", sources=[Page(FILE, "Certificate Authority Paid")],
                             refresh=[OfferFilter("AWSCertificateManager", usage="PaidPrivateCA")]),
    "short-lived": Price("acm-pca", "certificate-authority", "ca-month", "private CA (short-lived certificate mode)",
                         variant="short-lived", sources=[Page(FILE, "Short lived Certificate Authority")]),
}


def _certificate_tier(number: int, upto: float, label: str, metric: str, ending: str) -> Tier:
    return Tier(upto, label, Price(
        "acm-pca", "private-certificate", "certificate", f"private certificates, {label}",
        variant=f"general-purpose|tier{number}", sources=[Page(FILE, metric)],
        refresh=[OfferFilter("AWSCertificateManager", usage="PrivateCertificatesIssued",
                             attributes={"endingRange": ending})]))


CERTIFICATES = Tiered([_certificate_tier(1, 1000, "first 1,000", "Certificate Issued from 0 to 1000", "1000"),
                       _certificate_tier(2, 10000, "next 9,000", "Certificate Issued from 1000 to 10000", "10000"),
                       _certificate_tier(3, INF, "over 10,000", "Certificate Issued from 10001 and above", "Inf")])
SHORT_LIVED_CERTIFICATES = Price("acm-pca", "private-certificate", "certificate", "short-lived private certificates",
                                 variant="short-lived", sources=[Page(FILE, "Short lived Certificate Issued")])
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"acm-pca": "Private CA"}
PRICES = (*CA_MONTH.values(), CERTIFICATES, SHORT_LIVED_CERTIFICATES)

MONTHLY_REQUESTS = UsageKey("monthly_requests", "requests",
                            "private certificates the CA issues per month (those of this stack excluded)")
USAGE = {CERTIFICATE_AUTHORITY: (MONTHLY_REQUESTS,)}
ONE_TIME = "a one-time charge when issued and at each renewal, shown in one month"


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    index = Index.of(inventory, CERTIFICATE_AUTHORITY)
    return each_type(resources, {
        ACM_CERTIFICATE: (lambda row: _certificate(row, index), "ACM certificate"),
        CERTIFICATE_AUTHORITY: (_authority, "private certificate authority"),
        PCA_CERTIFICATE: (lambda row: _certificate(row, index), "private certificate"),
    })


def _authority(resource: Any) -> list[dict[str, Any]]:
    mode = _mode(resource)
    rows = [CA_MONTH[mode].line(resource.urn, 1.0)]
    if mode == "short-lived":
        return rows + [SHORT_LIVED_CERTIFICATES.usage_line(resource.urn, MONTHLY_REQUESTS, "certificates issued")]
    return rows + CERTIFICATES.usage_lines(resource.urn, MONTHLY_REQUESTS, "certificates issued")


def _mode(authority: Any) -> str:
    mode = text(authority.inputs, "usageMode", "usage mode", GENERAL)
    if mode not in MODES:
        raise Unpriceable(f"usage mode {mode!r} is not {GENERAL} or {SHORT_LIVED}")
    return MODES[mode]


def _certificate(resource: Any, index: Index) -> list[dict[str, Any]]:
    value = resource.inputs.get("certificateAuthorityArn")
    authority = index.referenced(resource, "certificateAuthorityArn", CERTIFICATE_AUTHORITY, value)
    if authority is None and not known(resource.inputs, "certificateAuthorityArn", "certificate authority"):
        return []  # a public or imported ACM certificate: free
    if authority is not None and _mode(authority) == "short-lived":
        return [SHORT_LIVED_CERTIFICATES.line(resource.urn, 1.0, "private certificate (short-lived)", note=ONE_TIME)]
    return [CERTIFICATES.tiers[0].price.line(resource.urn, 1.0, "private certificate", note=ONE_TIME)]
