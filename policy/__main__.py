"""Entry point of the webstack policy pack (see PulumiPolicy.yaml beside it): `pulumi preview --policy-pack
policy` runs this file, which builds the PolicyPack (that starts the analyzer server the CLI talks to).

The checks live in policy/policies.py as plain functions; here each becomes a policy with its
enforcement level. The cost policies price the stack with the project's `costing` package, one
level up, so that level goes on the import path first.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pulumi_policy import (  # noqa: E402 (needs the import path above)
    EnforcementLevel,
    PolicyPack,
    ResourceValidationPolicy,
    StackValidationPolicy,
)

from costing.budget import EXCEEDED, WARN  # noqa: E402
from policy import policies  # noqa: E402


def resource_policy(check, name: str, description: str) -> ResourceValidationPolicy:
    def validate(args, report_violation):
        check(args.resource_type, policies.plain(args.props), report_violation)

    return ResourceValidationPolicy(name=name, description=description, validate=validate,
                                    enforcement_level=EnforcementLevel.MANDATORY)


def stack_policy(check, name: str, description: str, level: EnforcementLevel = EnforcementLevel.MANDATORY,
                 **options) -> StackValidationPolicy:
    def validate(args, report_violation):
        check(policies.stack_resources(args.resources), report_violation, **options)

    return StackValidationPolicy(name=name, description=description, validate=validate, enforcement_level=level)


PolicyPack(
    name="webstack",
    enforcement_level=EnforcementLevel.MANDATORY,
    policies=[
        stack_policy(policies.cost_within_budget, "cost-within-budget",
                     "The stack's monthly cost (priced offline by costing) stays within webstack:monthlyBudgetUsd.",
                     level=EnforcementLevel.MANDATORY, reached=EXCEEDED),
        stack_policy(policies.cost_within_budget, "cost-near-budget",
                     "Warns when the stack's monthly cost reaches 80% of webstack:monthlyBudgetUsd.",
                     level=EnforcementLevel.ADVISORY, reached=WARN),
        resource_policy(policies.no_public_database, "no-public-database",
                        "Databases are not publicly accessible."),
        resource_policy(policies.storage_encrypted, "storage-encrypted",
                        "RDS storage, EBS volumes and launch-template volumes are encrypted."),
        resource_policy(policies.imdsv2_required, "imdsv2-required",
                        "Instances and launch templates require IMDSv2."),
        stack_policy(policies.no_open_ingress, "no-open-ingress",
                     "No ingress from the whole internet except a load balancer's security group on its listener "
                     "ports; never SSH or RDP; nothing on the default security group."),
        stack_policy(policies.prod_resilience, "prod-resilience",
                     "In the prod environment: Multi-AZ databases with backups, Aurora clusters with two instances, "
                     "and a NAT gateway per availability zone."),
    ],
)
