"""The webstack Pulumi package, offline: the schema other languages get, the reference docs generated
from it, and constructing the components through the provider the way the engine does for TypeScript,
Go, C#, Java or YAML programs."""

from __future__ import annotations

import ast
import asyncio
import importlib.util
import inspect
import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import grpc
import pulumi
import pulumi_aws as aws
import pytest
import yaml
from google.protobuf import empty_pb2
from pulumi.errors import InputPropertyError
from pulumi.provider.experimental.analyzer import PropertyDefinition, PropertyType
from pulumi.provider.experimental.component import ComponentProvider
from pulumi.provider.server import ComponentInitError, ProviderServicer
from pulumi.resource import DependencyResource
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from components import database, network_plan, web_rules
from components.database import Database, DatabaseArgs
from components.network import Network, NetworkArgs, VpnArgs
from components.project import project
from components.settings import StackSettings
from components.web import HealthCheckArgs, WebTier, WebTierArgs
from costing.inventory.program import ProgramRun, run_program, run_stack
from costing.inventory.stack_config import load_stack_config
from provider.package import COMPONENTS, PACKAGE_NAME, PACKAGE_VERSION, as_declared, package_schema, webstack_provider

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "generate_reference_docs.py"
REFERENCE = ROOT / "docs" / "reference.md"

_spec = importlib.util.spec_from_file_location("generate_reference_docs", SCRIPT)
docs = sys.modules["generate_reference_docs"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(docs)

SCHEMA = package_schema()
ARGS = {"Network": NetworkArgs, "Database": DatabaseArgs, "WebTier": WebTierArgs}
CLASSES = {"Network": Network, "Database": Database, "WebTier": WebTier}
TYPES = {"VpnArgs": VpnArgs, "HealthCheckArgs": HealthCheckArgs}
# TypedDict-valued args: their keys are field names too. Every other dict (ami_map) is data.
NESTED_ARGS = {"vpn", "health_check"}


def camel(name: str) -> str:
    return re.sub(r"_([a-z0-9])", lambda match: match[1].upper(), name)


def snake(name: str) -> str:
    return re.sub(r"([A-Z])", lambda match: "_" + match[1].lower(), name)


def resource(component: str) -> dict[str, Any]:
    return SCHEMA["resources"][f"webstack:index:{component}"]


def shape(prop: dict[str, Any]) -> dict[str, Any]:
    """A schema property without its descriptions, to compare types."""
    return {key: shape(value) if isinstance(value, dict) else value
            for key, value in prop.items() if key != "description"}


# --- the schema ----------------------------------------------------------------------------------


def test_schema_is_the_webstack_package_with_three_components_and_two_types():
    assert (SCHEMA["name"], SCHEMA["version"]) == ("webstack", PACKAGE_VERSION)
    assert list(SCHEMA["resources"]) == ["webstack:index:Network", "webstack:index:Database", "webstack:index:WebTier"]
    assert set(SCHEMA["types"]) == {"webstack:index:VpnArgs", "webstack:index:HealthCheckArgs"}
    assert all(definition["isComponent"] for definition in SCHEMA["resources"].values())
    assert re.fullmatch(r"\d+\.\d+\.\d+", PACKAGE_VERSION)


@pytest.mark.parametrize("component, inputs, outputs", [("Network", 13, 12), ("Database", 27, 6), ("WebTier", 23, 5)])
def test_every_annotated_field_is_an_input_and_every_annotated_attribute_an_output(component, inputs, outputs):
    definition = resource(component)
    assert set(definition["inputProperties"]) == {camel(field) for field in ARGS[component].__annotations__}
    assert set(definition["properties"]) == {camel(field) for field in CLASSES[component].__annotations__}
    assert (len(definition["inputProperties"]), len(definition["properties"])) == (inputs, outputs)
    # Every output is always set (empty values stand for "none"), so every output is required.
    assert definition["required"] == sorted(definition["properties"])


@pytest.mark.parametrize("name", ["VpnArgs", "HealthCheckArgs"])
def test_nested_types_have_every_field(name):
    properties = SCHEMA["types"][f"webstack:index:{name}"]["properties"]
    assert set(properties) == {camel(field) for field in TYPES[name].__annotations__}


def test_required_inputs_are_exactly_what_the_components_refuse_to_go_without():
    assert resource("Network")["requiredInputs"] == []
    assert resource("Database")["requiredInputs"] == sorted(camel(field) for field in database.REQUIRED)
    assert resource("WebTier")["requiredInputs"] == sorted(camel(field) for field in web_rules.REQUIRED)
    assert resource("Database")["requiredInputs"] == ["allowedSecurityGroupIds", "subnetIds", "vpcId"]
    assert SCHEMA["types"]["webstack:index:VpnArgs"]["required"] == ["customerGatewayIp"]
    assert SCHEMA["types"]["webstack:index:HealthCheckArgs"]["required"] == [
        "healthyThreshold", "intervalSeconds", "path", "unhealthyThreshold"]


STRING_LIST = {"type": "array", "items": {"type": "string", "plain": True}, "plain": True}


@pytest.mark.parametrize("component, name, expected", [
    ("Network", "availabilityZoneCount", {"type": "integer", "plain": True}),
    ("Network", "availabilityZones", STRING_LIST),
    ("Network", "publicSubnetCidrs", STRING_LIST),
    ("Network", "s3GatewayEndpoint", {"type": "boolean", "plain": True}),
    ("Network", "vpn", {"$ref": "#/types/webstack:index:VpnArgs", "plain": True}),
    ("WebTier", "healthCheck", {"$ref": "#/types/webstack:index:HealthCheckArgs", "plain": True}),
    ("WebTier", "amiMap", {"type": "object", "additionalProperties": {"type": "string", "plain": True}, "plain": True}),
    ("WebTier", "region", {"type": "string", "plain": True}),
    ("WebTier", "vpcId", {"type": "string"}),
    ("WebTier", "loadBalancerSubnetIds", {"type": "array", "items": {"type": "string", "plain": True}}),
    ("Database", "allocatedStorage", {"type": "integer", "plain": True}),
    ("Database", "subnetIds", {"type": "array", "items": {"type": "string", "plain": True}}),
    # A list of outputs is fine here: the Python program passes [web.instance_security_group_id].
    ("Database", "allowedSecurityGroupIds", {"type": "array", "items": {"type": "string"}}),
])
def test_input_types(component, name, expected):
    assert shape(resource(component)["inputProperties"][name]) == expected


@pytest.mark.parametrize("component, name, expected", [
    ("Network", "vpcId", {"type": "string"}),
    ("Network", "publicSubnetIds", {"type": "array", "items": {"type": "string"}}),
    ("Database", "port", {"type": "integer"}),
    ("Database", "replicaEndpoints", {"type": "array", "items": {"type": "string"}}),
    ("WebTier", "loadBalancerDnsName", {"type": "string"}),
])
def test_output_types(component, name, expected):
    assert shape(resource(component)["properties"][name]) == expected


def test_inputs_that_accept_outputs_are_exactly_the_pulumi_input_fields():
    """Plain inputs must be known when the program runs (they shape the graph); the rest take outputs."""
    accepting_outputs = {component: {name for name, prop in resource(component)["inputProperties"].items()
                                     if not prop.get("plain")} for component in ARGS}
    assert accepting_outputs == {
        "Network": set(),
        "Database": {"vpcId", "subnetIds", "allowedSecurityGroupIds"},
        "WebTier": {"vpcId", "vpcCidr", "loadBalancerSubnetIds", "instanceSubnetIds"},
    }


def field_docstrings(cls: type) -> dict[str, str]:
    """The string literal right under each annotated field of `cls`, read from its source."""
    body = ast.parse(inspect.getsource(inspect.getmodule(cls))).body
    node = next(statement for statement in body
                if isinstance(statement, ast.ClassDef) and statement.name == cls.__name__)
    found = {}
    for statement, following in zip(node.body, node.body[1:]):
        if isinstance(statement, ast.AnnAssign) and isinstance(following, ast.Expr) \
                and isinstance(following.value, ast.Constant):
            found[statement.target.id] = following.value.value
    return found


@pytest.mark.parametrize("component", ["Network", "Database", "WebTier"])
def test_descriptions_are_the_docstrings(component):
    definition = resource(component)
    args_docs, output_docs = field_docstrings(ARGS[component]), field_docstrings(CLASSES[component])
    assert definition["description"] == CLASSES[component].__doc__.strip()
    assert {name: prop["description"] for name, prop in definition["inputProperties"].items()} == {
        camel(field): text for field, text in args_docs.items()}
    assert {name: prop["description"] for name, prop in definition["properties"].items()} == {
        camel(field): text for field, text in output_docs.items()}
    assert len(args_docs) == len(ARGS[component].__annotations__)


@pytest.mark.parametrize("name", ["VpnArgs", "HealthCheckArgs"])
def test_nested_type_descriptions_are_the_docstrings(name):
    complex_type = SCHEMA["types"][f"webstack:index:{name}"]
    assert complex_type["description"] == TYPES[name].__doc__
    assert {key: prop["description"] for key, prop in complex_type["properties"].items()} == {
        camel(field): text for field, text in field_docstrings(TYPES[name]).items()}


@pytest.mark.parametrize("component, setting_of", [
    ("Network", network_plan.SETTINGS), ("Database", database.SETTINGS), ("WebTier", web_rules.SETTINGS)])
def test_the_reference_shows_each_settings_default_from_pulumi_yaml(component, setting_of):
    """One source for a default (Pulumi.yaml): no component docstring restates one the settings give."""
    properties = resource(component)["inputProperties"]
    for path, key in setting_of.items():
        name = camel(path.split(".")[0])
        if "." in path or ":" in key:
            continue
        assert docs.setting_default(component, name) == f"`{json.dumps(project().default(key))}` (setting `{key}`)"
        assert docs.split_default(properties[name]["description"])[1] is None, name


def test_a_field_no_setting_feeds_keeps_its_documented_default():
    properties = resource("Database")["inputProperties"]
    assert [docs.split_default(properties[name]["description"])[1] for name in ("dbName", "username")] == [
        '""', '"dbadmin"']
    assert docs.setting_default("Database", "username") is None
    assert docs.setting_default("VpnArgs", "bgpAsn") == "`65000` (setting `vpnBgpAsn`)"


def camel_keys(value: Any) -> Any:
    return {camel(key): item for key, item in value.items()} if isinstance(value, dict) else value


def test_split_default_takes_only_a_closing_default_sentence():
    assert docs.split_default('The CIDR, /16 to /28. Default: `"10.0.0.0/16"`.') == ("The CIDR, /16 to /28.",
                                                                                     '"10.0.0.0/16"')
    assert docs.split_default("Days of backups.\n    Default: `7`.\n") == ("Days of backups.", "7")
    assert docs.split_default("The VPC's id.") == ("The VPC's id.", None)
    assert docs.split_default("Default: `1` unless told. More.") == ("Default: `1` unless told. More.", None)


# --- the reference documentation ------------------------------------------------------------------


def test_committed_reference_is_what_the_generator_writes_now():
    assert REFERENCE.read_text(encoding="utf-8") == docs.render_reference(SCHEMA), "run `make docs`"


def test_reference_tables_show_type_requirement_default_and_description():
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    for row in [
        "| `cidrBlock` | `string` | no | `\"10.0.0.0/16\"` (setting `vpcCidr`) | The VPC's IPv4 CIDR block, /16 to "
        "/28 (/22 or larger for the automatic subnet layout). |",
        "| `vpn` | [VpnArgs](#vpnargs) | no | — | The VPN settings; required by the VPN architectures, not "
        "allowed with the others. |",
        "| `vpcId` | `Input<string>` | yes | — | VPC of the database's security group. |",
        "| `allowedSecurityGroupIds` | `Input<list(Input<string>)>` | yes | — | Security groups admitted on the "
        "engine's port (the web tier's instances); nothing else is. |",
        "| `amiMap` | `map(string)` | no | `{}` (setting `amiMap`) | Region -> AMI id (the seed's Mappings); when "
        "not empty it must "
        "map the stack's region. Empty for the latest Amazon Linux 2023 from SSM. |",
        "| `port` | `integer` | The engine's port. |",
        "| `intervalSeconds` | `integer` | yes | — | Seconds between checks, 5 to 300. |",
    ]:
        assert row in lines
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == ["## Network", "## Database", "## WebTier", "## Types"]


def test_check_passes_on_a_fresh_file_and_fails_with_a_summary_on_a_stale_one(tmp_path, capsys):
    output = tmp_path / "reference.md"
    assert docs.main(["--output", str(output)]) == 0
    assert output.read_text(encoding="utf-8") == REFERENCE.read_text(encoding="utf-8")
    assert docs.main(["--check", "--output", str(output)]) == 0

    output.write_text(output.read_text(encoding="utf-8").replace("| `flowLogs` |", "| `flowLog` |"), encoding="utf-8")
    capsys.readouterr()
    assert docs.main(["--check", "--output", str(output)]) == 1
    message = capsys.readouterr().err
    assert message.startswith(f"{output} is stale: 1 line(s) to add, 1 to remove; run `make docs`.")
    assert "+| `flowLogs` | `boolean` | no | `false` (setting `flowLogs`) |" in message
    assert "-| `flowLog` | `boolean` | no | `false` (setting `flowLogs`) |" in message
    assert docs.main(["--check", "--output", str(tmp_path / "missing.md")]) == 1


def test_script_runs_standalone_from_any_directory(tmp_path):
    output = tmp_path / "out.md"
    result = subprocess.run([sys.executable, str(SCRIPT), "--output", str(output)], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert output.read_text(encoding="utf-8") == REFERENCE.read_text(encoding="utf-8")


# --- integers over the wire -----------------------------------------------------------------------


def test_the_sdk_provider_alone_still_hands_integers_over_as_floats():
    """Why WebstackProvider exists: when this fails, the SDK converts integers itself and the subclass can go."""
    stock = ComponentProvider(list(COMPONENTS), PACKAGE_NAME, None, PACKAGE_VERSION)
    mapped = stock.map_inputs({"availabilityZoneCount": 2.0}, stock._component_defs["Network"])
    assert type(mapped["availability_zone_count"]) is float


REQUIRED_WEB_INPUTS = {"vpcId": "vpc-1", "vpcCidr": "10.0.0.0/16", "loadBalancerSubnetIds": ["subnet-a"],
                       "instanceSubnetIds": ["subnet-b"], "region": "us-east-1"}


def test_integers_reach_the_components_as_ints_at_every_depth():
    provider = webstack_provider()
    network_inputs = provider.map_inputs(
        {"availabilityZoneCount": 3.0, "vpn": {"customerGatewayIp": "203.0.113.10", "bgpAsn": 65001.0}},
        provider._component_defs["Network"])
    web_inputs = provider.map_inputs(
        {**REQUIRED_WEB_INPUTS, "appPort": 8080.0,
         "healthCheck": {"path": "/", "intervalSeconds": 30.0, "healthyThreshold": 3.0, "unhealthyThreshold": 2.0}},
        provider._component_defs["WebTier"])
    assert network_inputs == {"availability_zone_count": 3, "vpn": {"customer_gateway_ip": "203.0.113.10",
                                                                    "bgp_asn": 65001}}
    assert type(network_inputs["availability_zone_count"]) is int and type(network_inputs["vpn"]["bgp_asn"]) is int
    assert [type(value) for value in web_inputs["health_check"].values()] == [str, int, int, int]
    assert type(web_inputs["app_port"]) is int


def test_only_integral_floats_declared_integer_change():
    integers = PropertyDefinition(type=PropertyType.INTEGER)
    assert as_declared(2.5, integers) == 2.5 and type(as_declared(2.5, integers)) is float
    assert as_declared(2.0, PropertyDefinition(type=PropertyType.NUMBER)) == 2.0
    assert as_declared("2", integers) == "2"
    assert as_declared([1.0, 2.0], PropertyDefinition(type=PropertyType.ARRAY, items=integers)) == [1, 2]
    by_key = as_declared({"a": 1.0}, PropertyDefinition(type=PropertyType.OBJECT, additional_properties=integers))
    assert by_key == {"a": 1} and type(by_key["a"]) is int


# --- constructing through the provider, as the engine does for other languages ---------------------


def known_output(value: Any, urn: str) -> pulumi.Output:
    """A component output as the engine hands it to the next resource: a known value that depends on the
    component's URN."""
    loop = asyncio.get_event_loop()

    def resolved(result: Any) -> asyncio.Future:
        future = loop.create_future()
        future.set_result(result)
        return future

    return pulumi.Output({DependencyResource(urn)}, resolved(value), resolved(True), resolved(False))


def to_wire(args: dict[str, Any]) -> dict[str, Any]:
    """Python args as another language writes them: schema (camelCase) names, nested args included."""
    return {camel(key): camel_keys(value) if key in NESTED_ARGS else value for key, value in args.items()}


async def construct_like_the_engine(provider: ComponentProvider, name: str, component: str,
                                    properties: dict[str, Any], opts: pulumi.ResourceOptions) -> SimpleNamespace:
    """Serialise the properties and their dependencies into a ConstructRequest's struct, deserialise them
    as the provider server does, construct, serialise the state into the response and hand the outputs
    back (snake_case attributes) the way the engine returns them to the calling program."""
    property_deps: dict[str, list[pulumi.Resource]] = {}
    struct = await rpc.serialize_properties(properties, property_deps)
    dependencies = {key: provider_pb2.ConstructRequest.PropertyDependencies(
        urns=[await dependency.urn.future() for dependency in resources]) for key, resources in property_deps.items()}
    inputs = await ProviderServicer._construct_inputs(struct, dependencies)
    result = provider.construct(name, f"{PACKAGE_NAME}:index:{component}", inputs, opts)
    response = await ProviderServicer(provider, [], engine_address="")._construct_response(result)
    state = rpc.deserialize_properties(response.state)
    return SimpleNamespace(**{snake(key): known_output(value, response.urn) for key, value in state.items()})


def dev_stack_config() -> tuple[dict[str, str], str]:
    stack_config = load_stack_config(ROOT, "dev")
    return stack_config.as_engine_config(), stack_config.region


def run_dev_stack_through_the_provider() -> ProgramRun:
    """__main__.py's program, with each component constructed through the package's provider."""

    async def program() -> None:
        settings = StackSettings.load()
        aws_provider = aws.Provider("aws", region=settings.region, default_tags={"tags": settings.default_tags()})
        provider = webstack_provider()

        def in_region() -> pulumi.ResourceOptions:
            return pulumi.ResourceOptions(providers={"aws": aws_provider})

        network_outputs = await construct_like_the_engine(provider, "network", "Network",
                                                          to_wire(settings.network_args()), in_region())
        web_outputs = await construct_like_the_engine(provider, "web", "WebTier",
                                                      to_wire(settings.web_args(network_outputs)), in_region())
        await construct_like_the_engine(provider, "database", "Database",
                                        to_wire(settings.database_args(network_outputs, web_outputs)), in_region())

    config, region = dev_stack_config()
    return run_program(program, project="webstack", stack="dev", config=config, region=region)


def graph(run: ProgramRun) -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {resource.urn: (resource.type, resource.name, resource.inputs) for resource in run.resources}


def test_dev_stack_through_the_provider_creates_what_the_python_program_creates():
    direct, through_provider = graph(run_stack("dev")), graph(run_dev_stack_through_the_provider())
    assert through_provider == direct
    types = [resource_type for resource_type, _, _ in direct.values()]
    assert (types.count("webstack:index:Network"), types.count("webstack:index:WebTier"),
            types.count("webstack:index:Database")) == (1, 1, 1)
    assert types.count("aws:ec2/natGateway:NatGateway") == 1
    assert types.count("aws:rds/instance:Instance") == 1
    assert len(direct) == 44


def test_vpn_network_through_the_provider_matches_direct_use(run_offline):
    """Integers nested in VpnArgs cross the wire too: the customer gateway's ASN stays "65010"."""
    args = NetworkArgs(architecture="private-vpn", nat_strategy="none", availability_zone_count=3,
                       vpn=VpnArgs(customer_gateway_ip="203.0.113.10", bgp_asn=65010,
                                   on_premises_cidrs=["192.168.0.0/16"]))

    async def through_provider() -> None:
        await construct_like_the_engine(webstack_provider(), "net", "Network", to_wire(args), pulumi.ResourceOptions())

    direct = run_offline(lambda: Network("net", args))
    assert graph(run_offline(through_provider)) == graph(direct)
    assert direct.one("aws:ec2/customerGateway:CustomerGateway", "net-cgw").inputs["bgpAsn"] == "65010"
    assert len(direct.of_type("aws:ec2/subnet:Subnet")) == 3


def test_a_missing_required_input_is_named_before_anything_is_created():
    with pytest.raises(InputPropertyError) as error:
        webstack_provider().construct("database", "webstack:index:Database", {"subnetIds": ["subnet-a"]})
    assert (error.value.property_path, error.value.reason) == ("vpcId", "Missing required input 'vpcId' on 'Database'")


def test_a_component_validation_error_reaches_the_other_language_unchanged(run_offline):
    inputs = {**REQUIRED_WEB_INPUTS, "minSize": 3.0, "maxSize": 2.0}
    errors = []

    def program() -> None:
        try:
            webstack_provider().construct("web", "webstack:index:WebTier", inputs)
        except ComponentInitError as error:
            errors.append(error)

    run = run_offline(program)
    assert [str(error) for error in errors] == [
        "min_size 3 is not allowed with desired_capacity 1; allowed: min_size <= desired_capacity <= max_size"]
    assert isinstance(errors[0].inner, ValueError)
    assert run.resources == []


# --- the plugin -----------------------------------------------------------------------------------


def test_plugin_manifest_runs_main_with_the_python_runtime_and_pinned_sdks():
    manifest = yaml.safe_load((ROOT / "provider" / "PulumiPlugin.yaml").read_text())
    assert manifest == {"runtime": {"name": "python", "options": {"toolchain": "pip", "virtualenv": "venv"}}}
    assert (ROOT / "provider" / "__main__.py").is_file()

    def pins(path: Path) -> dict[str, str]:
        lines = path.read_text().splitlines()
        return dict(line.split("==") for line in lines if "==" in line and not line.startswith("#"))

    plugin_pins, project_pins = pins(ROOT / "provider" / "requirements.txt"), pins(ROOT / "requirements.txt")
    assert plugin_pins == {name: project_pins[name] for name in ("pulumi", "pulumi-aws")}


def test_plugin_process_serves_the_schema_over_grpc(tmp_path):
    """What `pulumi package add` does first: start the plugin (from anywhere) and ask for the schema."""
    plugin = subprocess.Popen([sys.executable, str(ROOT / "provider" / "__main__.py"), "127.0.0.1:1"],
                              cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        port = plugin.stdout.readline().strip()
        assert port.isdigit(), plugin.stderr.read() if plugin.poll() is not None else port
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = provider_pb2_grpc.ResourceProviderStub(channel)
            version = stub.GetPluginInfo(empty_pb2.Empty(), timeout=60).version
            served = json.loads(stub.GetSchema(provider_pb2.GetSchemaRequest(version=0), timeout=60).schema)
    finally:
        plugin.terminate()
        plugin.wait(timeout=30)
    assert version == PACKAGE_VERSION
    assert served == SCHEMA


# --- the README section's examples are written against the real schema ------------------------------

GUIDE = (ROOT / "docs" / "use-from-other-languages.md").read_text(encoding="utf-8")


def fenced(language: str) -> str:
    (block,) = re.findall(rf"```{language}\n(.*?)```", GUIDE, flags=re.DOTALL)
    return block


def check_component_use(component: str, properties: dict[str, Any]) -> None:
    definition = resource(component)
    assert set(properties) <= set(definition["inputProperties"]), set(properties) - set(definition["inputProperties"])
    assert set(definition["requiredInputs"]) <= set(properties)
    for name, value in properties.items():
        ref = definition["inputProperties"][name].get("$ref", "")
        if ref and isinstance(value, dict):
            assert set(value) == set(SCHEMA["types"][ref.removeprefix("#/types/")]["properties"])


def test_yaml_example_uses_only_schema_names_and_sets_every_required_input():
    program = yaml.safe_load(fenced("yaml"))
    components = {name: spec["type"].rsplit(":", 1)[-1] for name, spec in program["resources"].items()
                  if spec["type"].startswith("webstack:index:")}
    assert components == {"network": "Network", "web": "WebTier", "database": "Database"}
    for name, component in components.items():
        check_component_use(component, program["resources"][name]["properties"])
    references = re.findall(r"\$\{(network|web|database)\.(\w+)\}", fenced("yaml"))
    assert references and all(output in resource(components[name])["properties"] for name, output in references)
    assert program["packages"] == {"webstack": f"github.com/<org>/<repo>.git/provider@{PACKAGE_VERSION}"}


def test_typescript_example_uses_only_schema_names_and_sets_every_required_input():
    program = fenced("typescript")
    variables = dict(re.findall(r"const (\w+) = new webstack\.(\w+)\(", program))
    assert variables == {"network": "Network", "web": "WebTier", "database": "Database"}
    for variable, component in variables.items():
        body = re.search(rf"const {variable} = new webstack\.{component}\(\"{variable}\", \{{\n(.*?)\n\}}\);",
                         program, flags=re.DOTALL)[1]
        properties = {key: json.loads(re.sub(r"(\w+):", r'"\1":', value)) if value.startswith("{") else value
                      for key, value in re.findall(r"^    (\w+): (.*),$", body, flags=re.MULTILINE)}
        check_component_use(component, properties)
    references = re.findall(rf"\b({'|'.join(variables)})\.(\w+)\b", program)
    assert references and all(output in resource(variables[name])["properties"] for name, output in references)


def test_guide_pins_the_current_version():
    assert f"pulumi package add github.com/<org>/<repo>.git/provider@v{PACKAGE_VERSION}" in GUIDE
