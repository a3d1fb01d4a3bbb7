"""The stack's settings, checked against Pulumi.yaml's declarations (components/project.py) and against the
AWS rules that span components, then handed to the components as typed arguments.

Every refusal is a SettingError whose message starts with the stack file and the full key
(`stacks/Pulumi.dev.yaml: webstack:vpcCidr ...`); a component's ArgumentError is renamed from its argument
to the stack setting behind it (the components' SETTINGS maps). All of it runs before any resource exists.
"""

from __future__ import annotations

import difflib
import ipaddress
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

import pulumi
from pulumi.runtime import config as runtime_config

from components import database, network_plan, offerings, web_rules
from components.database import DatabaseArgs
from components.errors import ArgumentError, SettingError
from components.network import Network, NetworkArgs
from components.project import NO_DEFAULT, PROJECT_DIR, Project, Setting, defaults, nest, project
from components.web import WebTier, WebTierArgs

REGION = "aws:region"
# The environments the stack files and the policy pack know (the policy pack applies its prod checks to prod).
ENVIRONMENTS = ("dev", "staging", "prod")
# A DB subnet group "must contain at least one subnet in at least two AZs in the AWS Region" (CreateDBSubnetGroup,
# Amazon RDS API Reference, https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html),
# and an Application Load Balancer needs "subnets from at least two Availability Zones" (CreateLoadBalancer,
# Elastic Load Balancing API Reference,
# https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html).
MIN_ZONES = 2
# "Each subnet must have a CIDR block with at least a /27 bitmask ... and at least 8 free IP addresses"
# ("Subnets for your load balancer", Application Load Balancers guide, https://docs.aws.amazon.com/
# elasticloadbalancing/latest/application/application-load-balancers.html#subnets-load-balancer).
ALB_SUBNET_PREFIX = 27
_INDEX = re.compile(r"^(?P<path>[^\[]+)(?P<index>(\[[^\]]*\])*)$")


@dataclass(frozen=True)
class StackSettings:
    """The stack's settings, every one typed and present (the stack's value, else Pulumi.yaml's default)."""

    project: Project
    stack_file: str
    values: Mapping[str, Any]  # setting key (vpcCidr) -> value
    region: str

    @classmethod
    def load(cls) -> StackSettings:
        """Read and check every setting; a SettingError names the first bad one."""
        declared = project()
        stack_file = declared.stack_file(pulumi.get_stack())
        engine_config = {**runtime_config.get_config_env(), **runtime_config.CONFIG.get()}
        _check_known_keys(declared, stack_file, engine_config)
        values = {key: _typed(declared, stack_file, setting, engine_config.get(declared.full_key(key)))
                  for key, setting in declared.settings.items()}
        settings = cls(declared, stack_file, values, _region(stack_file, engine_config.get(REGION)))
        settings._check_stack_rules()
        return settings

    def refused(self, key: str, problem: str) -> SettingError:
        return SettingError(f"{self.stack_file}: {self.project.full_key(key)} {problem}")

    def default_tags(self) -> dict[str, str]:
        """Cost-allocation tags the AWS provider puts on every resource."""
        tags = {"Project": pulumi.get_project(), "Environment": self.values["environment"], "ManagedBy": "pulumi"}
        if self.values["costCenter"]:
            tags["CostCenter"] = self.values["costCenter"]
        return tags

    # --- component arguments ---------------------------------------------------------------------

    def network_args(self) -> NetworkArgs:
        args = self._arguments(network_plan.SETTINGS)
        if not self.values["architecture"].endswith("-vpn") and args["vpn"] == defaults(network_plan.SETTINGS)["vpn"]:
            del args["vpn"]  # untouched VPN settings; any one set without a VPN architecture is refused
        return NetworkArgs(**args)

    def web_args(self, network: Network) -> WebTierArgs:
        """Instances go in the private subnets (public only when there are none); the load balancer in the public
        subnets, or in the private ones when the architecture has none (it is internal then)."""
        architecture = self.values["architecture"]
        has_public, has_private = architecture != "private-vpn", architecture != "public-only"
        return WebTierArgs(
            **self._web_settings(), vpc_id=network.vpc_id, vpc_cidr=network.vpc_cidr,
            load_balancer_subnet_ids=network.public_subnet_ids if has_public else network.private_subnet_ids,
            instance_subnet_ids=network.private_subnet_ids if has_private else network.public_subnet_ids)

    def database_args(self, network: Network, web: WebTier) -> DatabaseArgs:
        return DatabaseArgs(**self._arguments(database.SETTINGS), vpc_id=network.vpc_id,
                            subnet_ids=network.database_subnet_ids,
                            allowed_security_group_ids=[web.instance_security_group_id])

    def _web_settings(self) -> dict[str, Any]:
        """The WebTier's arguments that come from settings: user data from its file, and the networks an internal
        load balancer admits only over a VPN."""
        args = self._arguments(web_rules.SETTINGS)
        args["user_data"] = self._user_data()
        if not self.values["architecture"].endswith("-vpn"):
            args["internal_client_cidrs"] = []
        return args

    def _arguments(self, setting_of: Mapping[str, str]) -> dict[str, Any]:
        return nest({path: self.region if key == REGION else self.values[key] for path, key in setting_of.items()})

    def _user_data(self) -> str:
        """The userDataFile's text (checked to be a UTF-8 file inside the project), else userData."""
        if not self.values["userDataFile"]:
            return self.values["userData"]
        return _user_data_file(self, self.values["userDataFile"])

    # --- validation before any resource -----------------------------------------------------------

    def check_components(self, region_zones: list[str]) -> None:
        """Every component's own validation, on the stack's arguments (resource outputs stood in for by
        placeholders), so that no resource is registered when any component would refuse its arguments."""
        with self.naming(network_plan.SETTINGS):
            plan = network_plan.plan_network(self.network_args(), region_zones)
        zone_ids = [f"subnet-{zone}" for zone in plan.availability_zones]
        placeholders = {"vpc_id": "vpc-placeholder", "vpc_cidr": plan.cidr_block}
        with self.naming(web_rules.SETTINGS):
            web_rules.resolve({**self._web_settings(), **placeholders, "load_balancer_subnet_ids": zone_ids,
                               "instance_subnet_ids": zone_ids})
        with self.naming(database.SETTINGS):
            database_settings = database.settings_with_defaults(DatabaseArgs(
                **self._arguments(database.SETTINGS), vpc_id="vpc-placeholder", subnet_ids=zone_ids,
                allowed_security_group_ids=["sg-placeholder"]))
            database.rules.validate(database_settings)

    @contextmanager
    def naming(self, setting_of: Mapping[str, str]) -> Iterator[None]:
        """Turn a component's ArgumentError into a SettingError naming the stack settings behind its arguments."""
        try:
            yield
        except ArgumentError as error:
            raise SettingError(f"{self.stack_file}: {error.named(lambda argument: self._key_of(argument, setting_of))}"
                               ) from None

    def _key_of(self, argument: str, setting_of: Mapping[str, str]) -> str:
        """`public_subnet_cidrs[1]` -> `webstack:publicSubnetCidrs[1]`; an argument no setting feeds keeps its name."""
        match = _INDEX.match(argument)
        path, index = (match["path"], match["index"]) if match else (argument, "")
        key = setting_of.get(path)
        if key == "userData" and self.values["userDataFile"]:
            key = "userDataFile"
        return self.project.full_key(key) + index if key else argument

    def _check_stack_rules(self) -> None:
        """Rules that span settings of several components, or that no component can see."""
        values = self.values
        if values["environment"] not in ENVIRONMENTS:
            raise self.refused("environment", f"{values['environment']} is not an environment of this project; "
                                              f"allowed: {', '.join(ENVIRONMENTS)}")
        if values["userDataFile"]:
            _user_data_file(self, values["userDataFile"])
        if values["architecture"] == "private-vpn" and not values["lbInternal"]:
            # An internet-facing load balancer needs subnets with a route to an internet gateway; private-vpn has
            # none: AWS answers InvalidSubnet, "The specified VPC has no associated Internet gateway"
            # (AttachLoadBalancerToSubnets, Elastic Load Balancing API Reference, https://docs.aws.amazon.com/
            # elasticloadbalancing/2012-06-01/APIReference/API_AttachLoadBalancerToSubnets.html).
            raise self.refused("lbInternal", f"false (an internet-facing load balancer) is not possible with "
                                             f"{self.project.full_key('architecture')} private-vpn, which has no "
                                             "internet gateway; allowed: true (an internal load balancer, reached "
                                             "over the VPN)")
        zone_count = len(values["availabilityZones"]) or values["azCount"]
        if isinstance(zone_count, int) and zone_count < MIN_ZONES:
            key = "availabilityZones" if values["availabilityZones"] else "azCount"
            raise self.refused(key, f"{values[key]} gives {zone_count} availability zone; the database's subnet "
                                    f"group (and an application load balancer) need subnets in at least {MIN_ZONES}; "
                                    f"allowed: {MIN_ZONES} or more zones")
        if values["lbType"] == "application":
            self._check_load_balancer_subnets()

    def _check_load_balancer_subnets(self) -> None:
        tier = "public" if self.values["architecture"] != "private-vpn" else "private"
        key = f"{tier}SubnetCidrs"
        for index, cidr in enumerate(self.values[key]):
            try:
                prefix = ipaddress.IPv4Network(cidr).prefixlen
            except ValueError:
                return  # the Network's own check names it
            if prefix > ALB_SUBNET_PREFIX:
                raise self.refused(f"{key}[{index}]", f"{cidr} is too small for the application load balancer's "
                                                      f"subnets; allowed: a /{ALB_SUBNET_PREFIX} or larger block")


def _check_known_keys(declared: Project, stack_file: str, engine_config: Mapping[str, Any]) -> None:
    """Keys in the project's namespace must be declared in Pulumi.yaml: a typo would be silently ignored."""
    prefix = f"{declared.name}:"
    for full_key in sorted(engine_config):
        key = full_key[len(prefix):]
        if full_key.startswith(prefix) and key not in declared.settings:
            suggestion = _closest(key, declared.settings)
            hint = f"; did you mean {prefix}{suggestion}?" if suggestion else ""
            raise SettingError(f"{stack_file}: {full_key} is not a setting of this project{hint} (the settings are "
                               "those of Pulumi.yaml's config block)")


def _closest(key: str, known: Mapping[str, Setting]) -> str | None:
    same_but_case = [name for name in known if name.lower() == key.lower()]
    if same_but_case:
        return same_but_case[0]
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.7)
    return close[0] if close else None


def _typed(declared: Project, stack_file: str, setting: Setting, raw: Any) -> Any:
    """The value as its declared type; the engine hands every value over as a string (JSON for arrays, maps)."""
    full_key = declared.full_key(setting.key)
    if raw is None:
        if setting.default is NO_DEFAULT:
            raise SettingError(f"{stack_file}: {full_key} is not set, and Pulumi.yaml gives it no default; allowed: "
                               f"{_allowed(setting)} (pulumi config set {setting.key} <value> --stack "
                               f"{pulumi.get_stack()})")
        return declared.default(setting.key)
    value = _parse(setting.type, raw)
    if value is _INVALID or (setting.type == "array" and not all(_is_item(setting.items, item) for item in value)):
        raise SettingError(f"{stack_file}: {full_key} {raw} is not {_article(setting)}; allowed: {_allowed(setting)}")
    return value


_INVALID = object()
_ITEM_TYPES = {"string": (str,), "integer": (int,), "boolean": (bool,), "number": (int, float)}


def _is_item(kind: str | None, item: Any) -> bool:
    if kind is None or kind not in _ITEM_TYPES:
        return True
    return isinstance(item, _ITEM_TYPES[kind]) and not (kind != "boolean" and isinstance(item, bool))


def _parse(kind: str, raw: Any) -> Any:
    """A value from its engine form (a string), or _INVALID when it is not of the declared kind."""
    text = raw if isinstance(raw, str) else json.dumps(raw)
    if kind == "string":
        return text
    if kind == "integer":
        return int(text) if re.fullmatch(r"-?\d+", text.strip()) else _INVALID
    if kind == "boolean":
        return {"true": True, "false": False}.get(text.strip().lower(), _INVALID)
    try:
        value = json.loads(text)
    except ValueError:
        return _INVALID
    expected = {"array": list, "object": dict}.get(kind)
    return value if expected is None or isinstance(value, expected) else _INVALID


def _article(setting: Setting) -> str:
    names = {"string": "a string", "integer": "a whole number", "boolean": "true or false",
             "array": f"a list of {setting.items or 'value'}s", "object": "a map"}
    return names.get(setting.type, f"of type {setting.type}")


def _allowed(setting: Setting) -> str:
    if setting.key == "environment":
        return ", ".join(ENVIRONMENTS)
    examples = {"string": "text", "integer": "a whole number such as 2", "boolean": "true or false",
                "array": f"a YAML list of {setting.items or 'value'}s such as [a, b]", "object": "a YAML map"}
    return examples.get(setting.type, setting.type)


def _region(stack_file: str, region: Any) -> str:
    if not region:
        raise SettingError(f"{stack_file}: {REGION} is not set; allowed: an AWS region code such as us-east-1 "
                           f"(pulumi config set aws:region us-east-1 --stack {pulumi.get_stack()})")
    problem = offerings.unknown_region(str(region))
    if problem:
        raise SettingError(f"{stack_file}: {REGION} {region} {problem}")
    return str(region)


def _user_data_file(settings: StackSettings, name: str) -> str:
    """The script's text: a file inside the project folder (no absolute path, no way out through .. or a link)."""
    path = (PROJECT_DIR / name).resolve()
    if name.startswith("/") or not path.is_relative_to(PROJECT_DIR):
        raise settings.refused("userDataFile", f"{name} is outside the project; allowed: a path inside the project "
                                               "folder, relative to it, such as scripts/user-data.sh")
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = "not UTF-8 text" if isinstance(error, UnicodeDecodeError) else (error.strerror or str(error)).lower()
        raise settings.refused("userDataFile", f"{name} cannot be read ({reason}); allowed: a UTF-8 text file "
                                               "inside the project folder") from None
