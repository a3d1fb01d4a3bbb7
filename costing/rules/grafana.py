"""Managed Grafana workspaces (https://aws.amazon.com/grafana/pricing/): per active user per month,
editors and administrators at one rate, viewers at another (usage: `editors_administrator_licenses`,
`viewer_licenses`, infracost's keys); with an Enterprise licence (an `aws:grafana/licenseAssociation` of
the stack of type ENTERPRISE for the workspace) each of those users also pays the enterprise plugins fee.
A workspace without active users costs nothing."""

from __future__ import annotations

from typing import Any

import pandas as pd

from costing.rules.common import Index, each_type, records
from costing.rules.declare import OfferFilter, Page, Price, UsageKey

WORKSPACE = "aws:grafana/workspace:Workspace"
LICENSE_ASSOCIATION = "aws:grafana/licenseAssociation:LicenseAssociation"
TYPES = (WORKSPACE,)
FILE = "grafana.json"


def _user_fee(item: str, description: str, metric: str, usage: str) -> Price:
    return Price("grafana", item, "user-month", description, sources=[Page(FILE, metric)],
                 refresh=[OfferFilter("AmazonGrafana", families="User Fees", usage=f"Grafana:{usage}")])


EDITOR = _user_fee("editor-licence", "editor and administrator licences", "User Fees Editor", "EditorUser")
VIEWER = _user_fee("viewer-licence", "viewer licences", "User Fees Viewer", "ViewerUser")
ENTERPRISE_PLUGINS = _user_fee("enterprise-plugins", "enterprise plugins licences", "User Fees Enterprise Plugins User",
                               "EnterprisePluginsUser")
# Catalog service -> the AWS service that bills it, as reports name it.
SERVICES = {"grafana": "Managed Grafana"}
PRICES = (EDITOR, VIEWER, ENTERPRISE_PLUGINS)

EDITORS = UsageKey("editors_administrator_licenses", "users", "active editors and administrators per month")
VIEWERS = UsageKey("viewer_licenses", "users", "active viewers per month")
USAGE = {WORKSPACE: (EDITORS, VIEWERS)}


def lines(resources: pd.DataFrame, inventory: pd.DataFrame) -> pd.DataFrame:
    enterprise = _enterprise_workspaces(inventory)
    return each_type(resources, {WORKSPACE: (lambda row: _workspace(row, row.urn in enterprise), "Grafana workspace")})


def _enterprise_workspaces(inventory: pd.DataFrame) -> set[str]:
    """URNs of the workspaces an Enterprise licence association of the stack names."""
    index = Index.of(inventory, WORKSPACE)
    found = set()
    for association in records(inventory[inventory["type"] == LICENSE_ASSOCIATION]):
        if association.inputs.get("licenseType") == "ENTERPRISE":
            workspace = index.referenced(association, "workspaceId", WORKSPACE, association.inputs.get("workspaceId"))
            if workspace is not None:
                found.add(workspace.urn)
    return found


def _workspace(resource: Any, enterprise: bool) -> list[dict[str, Any]]:
    rows = [EDITOR.usage_line(resource.urn, EDITORS), VIEWER.usage_line(resource.urn, VIEWERS)]
    if enterprise:
        rows += [ENTERPRISE_PLUGINS.usage_line(resource.urn, EDITORS, "enterprise plugins (editors, administrators)"),
                 ENTERPRISE_PLUGINS.usage_line(resource.urn, VIEWERS, "enterprise plugins (viewers)")]
    return rows
