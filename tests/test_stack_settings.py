"""Every bad stack setting ends as one line and exit code 2, through the real `costing` console script.

A copy of this project (program, stacks and costing, so that costing's project is the copy) gets one stack
file per case; `costing estimate --stack <case>` must print exactly `costing: error: <message>` on stderr,
nothing on stdout, and exit 2. The messages are the program's own (components/settings.py): the same under
`pulumi preview`, where a pulumi.RunError prints as its message alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.git_project import PROGRAM_FILES, copy_program

CONSOLE_SCRIPT = Path(sys.executable).parent / "costing"
CATALOG = "the price catalog (costing/data/prices.csv.gz)"
VPN = {"vpnCustomerGatewayIp": "203.0.113.12", "vpnOnPremisesCidrs": ["192.168.0.0/16"]}


def copy_project(folder: Path) -> Path:
    return copy_program(folder, PROGRAM_FILES + ("costing",))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("settings-project"))


def costing(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`costing ARGS` as a user runs it in the project copy (the copy's costing comes first on the path)."""
    environment = {**os.environ, "PYTHONPATH": str(project), "COSTING_CACHE_DIR": str(project / ".cache")}
    return subprocess.run([str(CONSOLE_SCRIPT), *args], cwd=project, env=environment, capture_output=True,
                          text=True, timeout=120)


def stack_with(project: Path, stack: str, settings: dict, *, drop: tuple[str, ...] = ()) -> str:
    """stacks/Pulumi.<stack>.yaml: dev's settings, changed by `settings` (webstack: keys unless namespaced)."""
    document = yaml.safe_load((project / "stacks" / "Pulumi.dev.yaml").read_text())
    config = {key: value for key, value in document["config"].items() if key not in drop}
    config.update({key if ":" in key else f"webstack:{key}": value for key, value in settings.items()})
    (project / "stacks" / f"Pulumi.{stack}.yaml").write_text(yaml.safe_dump({"config": config}))
    return stack


def error_line(result: subprocess.CompletedProcess) -> str:
    assert (result.returncode, result.stdout) == (2, ""), result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    return result.stderr.rstrip("\n")


CASES = [
    ("cidr", {"vpcCidr": "10.0.0.0/33"}, (),
     "webstack:vpcCidr 10.0.0.0/33 is not a valid CIDR; allowed: a /16 to /28 block such as 10.0.0.0/16"),
    ("no-region", {}, ("aws:region",),
     "aws:region is not set; allowed: an AWS region code such as us-east-1 (pulumi config set aws:region us-east-1 "
     "--stack no-region)"),
    ("region", {"aws:region": "eu-west-9"}, (),
     f"aws:region eu-west-9 is not an AWS region {CATALOG} knows; did you mean eu-west-3 or eu-west-2 or eu-west-1?"),
    ("typo", {"dbMultiAZ": True}, (),
     "webstack:dbMultiAZ is not a setting of this project; did you mean webstack:dbMultiAz? (the settings are those "
     "of Pulumi.yaml's config block)"),
    ("class", {"dbInstanceClass": "db.t3.mega"}, (),
     f"webstack:dbInstanceClass db.t3.mega is not offered for postgres (postgresql-license) in us-east-1 (per "
     f"{CATALOG}); did you mean db.t3.small or db.t3.medium or db.t3.micro?"),
    ("instance-type", {"instanceType": "t3.4xlarge"}, (),
     f"webstack:instanceType t3.4xlarge is not an EC2 instance type offered in us-east-1 (per {CATALOG}); did you "
     "mean t3.xlarge or t3a.xlarge or t3.2xlarge?"),
    ("environment", {"environment": "production"}, (),
     "webstack:environment production is not an environment of this project; allowed: dev, staging, prod"),
    ("no-environment", {}, ("webstack:environment",),
     "webstack:environment is not set, and Pulumi.yaml gives it no default; allowed: dev, staging, prod (pulumi "
     "config set environment <value> --stack no-environment)"),
    ("user-data-absolute", {"userDataFile": "/etc/passwd"}, (),
     "webstack:userDataFile /etc/passwd is outside the project; allowed: a path inside the project folder, "
     "relative to it, such as scripts/user-data.sh"),
    ("user-data-parent", {"userDataFile": "../x"}, (),
     "webstack:userDataFile ../x is outside the project; allowed: a path inside the project folder, relative to "
     "it, such as scripts/user-data.sh"),
    ("user-data-missing", {"userDataFile": "scripts/boot.sh"}, (),
     "webstack:userDataFile scripts/boot.sh cannot be read (no such file or directory); allowed: a UTF-8 text file "
     "inside the project folder"),
    ("type", {"azCount": "two"}, (),
     "webstack:azCount two is not a whole number; allowed: a whole number such as 2"),
    ("list-type", {"availabilityZones": "us-east-1a"}, (),
     "webstack:availabilityZones us-east-1a is not a list of strings; allowed: a YAML list of strings such as "
     "[a, b]"),
    ("oracle-graviton", {"dbEngine": "oracle-se2", "dbInstanceClass": "db.m6g.large"}, (),
     "webstack:dbInstanceClass db.m6g.large is a Graviton (arm64) class, which RDS offers for mysql, mariadb, "
     "postgres only, not oracle-se2; allowed: an x86 class such as db.m6i.large, db.r6i.large or db.t3.medium"),
    ("sqlserver-graviton", {"dbEngine": "sqlserver-se"}, (),
     "webstack:dbInstanceClass db.t4g.micro is a Graviton (arm64) class, which RDS offers for mysql, mariadb, "
     "postgres only, not sqlserver-se; allowed: an x86 class such as db.m6i.large, db.r6i.large or db.t3.medium"),
    ("private-vpn", {"architecture": "private-vpn", "natStrategy": "none", **VPN}, (),
     "webstack:lbInternal false (an internet-facing load balancer) is not possible with webstack:architecture "
     "private-vpn, which has no internet gateway; allowed: true (an internal load balancer, reached over the VPN)"),
    ("rds-managed-replica", {"dbPasswordSource": "rds-managed", "dbReplicaCount": 1}, (),
     "webstack:dbPasswordSource 'rds-managed' cannot be used with webstack:dbReplicaCount 1 on postgres: RDS "
     "creates no read replica of a database whose master password Secrets Manager manages (only SQL Server can); "
     "allowed: webstack:dbPasswordSource 'generated' (or 'auto', which picks it), or webstack:dbReplicaCount 0"),
    ("insights", {"dbEngine": "mysql", "dbPerformanceInsights": True}, (),
     "webstack:dbPerformanceInsights True is not supported for mysql on webstack:dbInstanceClass db.t4g.micro; "
     "allowed: webstack:dbPerformanceInsights False, or a class other than db.t2.micro, db.t2.small, db.t3.micro, "
     "db.t3.small, db.t4g.micro, db.t4g.small"),
    ("one-zone", {"azCount": 1}, (),
     "webstack:azCount 1 gives 1 availability zone; the database's subnet group (and an application load balancer) "
     "need subnets in at least 2; allowed: 2 or more zones"),
    ("alb-subnets", {"publicSubnetCidrs": ["10.0.28.0/28", "10.0.60.0/28"]}, (),
     "webstack:publicSubnetCidrs[0] 10.0.28.0/28 is too small for the application load balancer's subnets; "
     "allowed: a /27 or larger block"),
    ("overlap", {"publicSubnetCidrs": ["10.0.0.0/24", "10.0.60.0/24"]}, (),
     "webstack:publicSubnetCidrs[0] 10.0.0.0/24 overlaps the automatic private subnet of us-east-1a 10.0.0.0/20; "
     "subnets must not overlap (move it out of the automatic layout's blocks, or give that tier explicit CIDRs too)"),
    ("vpn-without-vpn", {"vpnOnPremisesCidrs": ["192.168.0.0/16"]}, (),
     "webstack:vpnOnPremisesCidrs is set but webstack:architecture 'public-private' has no VPN; allowed with: "
     "public-private-vpn, private-vpn"),
    ("asg", {"asgMin": 3, "asgDesired": 2}, (),
     "webstack:asgMin 3 is not allowed with webstack:asgDesired 2; allowed: webstack:asgMin <= webstack:asgDesired "
     "<= webstack:asgMax"),
]


@pytest.mark.parametrize("stack, settings, dropped, message", CASES, ids=[case[0] for case in CASES])
def test_a_bad_setting_is_one_line_naming_the_stack_file_and_the_key(project, stack, settings, dropped, message):
    stack_with(project, stack, settings, drop=dropped)
    assert error_line(costing(project, "estimate", "--stack", stack)) == (
        f"costing: error: stacks/Pulumi.{stack}.yaml: {message}")


def test_regions_report_and_diff_give_the_same_line_and_write_nothing(project):
    stack = stack_with(project, "both", {"environment": "production"})
    expected = ("costing: error: stacks/Pulumi.both.yaml: webstack:environment production is not an environment of "
                "this project; allowed: dev, staging, prod")
    report = project / "report.html"
    assert error_line(costing(project, "regions", "--stack", stack)) == expected
    assert error_line(costing(project, "report", "--stack", stack, "--output", str(report))) == expected
    assert error_line(costing(project, "diff", "dev", stack)) == expected
    assert error_line(costing(project, "report", "--diff", "dev", stack, "--output", str(report))) == expected
    assert not report.exists()


def test_a_broken_program_is_one_line_too(tmp_path):
    project = copy_project(tmp_path)
    web = project / "components" / "web.py"
    web.write_text(web.read_text() + "\nbroken = (\n")
    assert error_line(costing(project, "estimate", "--stack", "dev")) == (
        f"costing: error: components/web.py:{web.read_text().count(chr(10))}: SyntaxError: '(' was never closed")
