"""Bad preview and state files end as one InputError line naming the file (and the step or resource),
never as another exception: exact messages for the common mistakes, hypothesis for the rest."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from costing.errors import InputError
from costing.inventory import Inventory, load_preview, load_state
from costing.schema import INVENTORY_COLUMNS, UNKNOWN

URN = "urn:pulumi:dev::shop::aws:ec2/vpc:Vpc::vpc"
PARENT = "urn:pulumi:dev::shop::webstack:index:Network::network"


def write(tmp_path: Path, content: str | bytes, name: str = "input.json") -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def preview_with(new_state: dict, op: str = "create") -> str:
    return json.dumps({"config": {}, "steps": [{"op": op, "urn": URN, "newState": new_state}]})


def state_with(resource: dict) -> str:
    stack = {"urn": "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev", "custom": False,
             "type": "pulumi:pulumi:Stack"}
    return json.dumps({"version": 3, "deployment": {"manifest": {}, "resources": [stack, resource]}})


@pytest.mark.parametrize("load", [load_preview, load_state])
def test_missing_file(tmp_path, load):
    path = tmp_path / "nope.json"
    with pytest.raises(InputError) as error:
        load(path)
    assert str(error.value) == f"{path}: file not found"


@pytest.mark.parametrize("load", [load_preview, load_state])
def test_a_directory_cannot_be_read(tmp_path, load):
    with pytest.raises(InputError) as error:
        load(tmp_path)
    assert str(error.value) == f"{tmp_path}: cannot read (Is a directory)"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file(tmp_path):
    path = write(tmp_path, "{}")
    path.chmod(0)
    with pytest.raises(InputError) as error:
        load_preview(path)
    assert str(error.value) == f"{path}: cannot read (Permission denied)"


@pytest.mark.parametrize("load", [load_preview, load_state])
def test_not_json(tmp_path, load):
    path = write(tmp_path, '{"steps": [\n  {"op": "create",\n')
    with pytest.raises(InputError) as error:
        load(path)
    assert str(error.value) == f"{path}: not JSON (line 3 column 1)"


def test_not_utf8(tmp_path):
    path = write(tmp_path, b'{"steps": ["\xff\xfe"]}')
    with pytest.raises(InputError) as error:
        load_preview(path)
    assert str(error.value) == f"{path}: cannot read (not UTF-8 or UTF-16 text)"


def test_json_nested_deeper_than_python_can_parse(tmp_path):
    path = write(tmp_path, "[" * 100_000 + "]" * 100_000)
    with pytest.raises(InputError) as error:
        load_state(path)
    assert str(error.value) == f"{path}: cannot read (JSON nested too deeply)"


def test_a_stack_export_is_not_a_preview(tmp_path):
    path = write(tmp_path, state_with({"urn": URN, "type": "aws:ec2/vpc:Vpc"}))
    with pytest.raises(InputError) as error:
        load_preview(path)
    assert str(error.value) == (f"{path}: not a `pulumi preview --json` document (no `steps` list): it is a "
                                "`pulumi stack export` document: give it with --state FILE")


def test_a_preview_is_not_a_stack_export(tmp_path):
    path = write(tmp_path, preview_with({"urn": URN, "type": "aws:ec2/vpc:Vpc"}))
    with pytest.raises(InputError) as error:
        load_state(path)
    assert str(error.value) == (f"{path}: not a `pulumi stack export` document (no `deployment.resources` list): "
                                "it is a `pulumi preview --json` document: give it with --preview FILE")


def test_an_update_plan_is_named_and_the_document_to_give_instead(tmp_path):
    """`pulumi preview --save-plan` writes per-URN `resourcePlans` (../shared/pulumi-formats)."""
    path = write(tmp_path, '{"config": {}, "manifest": {}, "resourcePlans": {}}')
    for load, document in ((load_preview, "`pulumi preview --json` document (no `steps` list)"),
                           (load_state, "`pulumi stack export` document (no `deployment.resources` list)")):
        with pytest.raises(InputError) as error:
            load(path)
        assert str(error.value) == (f"{path}: not a {document}: it is an update plan (`pulumi preview "
                                    "--save-plan`), which costing does not read: give `pulumi preview --json` "
                                    "output with --preview FILE")


@pytest.mark.parametrize("content", ['[]', '"steps"', '{"steps": {"op": "create"}}', "null"])
def test_other_json_is_not_a_preview(tmp_path, content):
    path = write(tmp_path, content)
    with pytest.raises(InputError, match=r"no `steps` list\)$"):
        load_preview(path)


@pytest.mark.parametrize("new_state, problem", [
    ({"urn": URN, "custom": True, "inputs": {}}, "newState has no `type`"),
    ({"urn": URN, "type": 7}, "newState `type` must be a non-empty string, got 7"),
    ({"urn": URN, "type": "aws:ec2/vpc:Vpc", "inputs": ["cidrBlock"]},
     'newState `inputs` must be an object, got ["cidrBlock"]'),
    ({"urn": URN, "type": "aws:ec2/vpc:Vpc", "parent": 12}, "newState `parent` must be a string, got 12"),
    ({"urn": URN, "type": "aws:ec2/vpc:Vpc", "parent": "network"},
     'newState `parent` is not a Pulumi URN, got "network"'),
    ({"urn": URN, "type": "aws:ec2/vpc:Vpc", "custom": "yes"}, 'newState `custom` must be true or false, got "yes"'),
    ({"urn": URN, "type": "aws:ec2/vpc:Vpc", "dependencies": [PARENT, 3]},
     f'newState `dependencies` must be a list of URNs, got ["{PARENT}", 3]'),
    ({"urn": URN, "type": "aws:ec2/vpc:Vpc", "propertyDependencies": {"vpcId": "vpc"}},
     "newState `propertyDependencies['vpcId']` must be a list of URNs, got \"vpc\""),
])
def test_a_malformed_new_state_names_the_step_and_urn(tmp_path, new_state, problem):
    path = write(tmp_path, preview_with(new_state))
    with pytest.raises(InputError) as error:
        load_preview(path)
    assert str(error.value) == f"{path}: steps[0] ({URN}): {problem}"


@pytest.mark.parametrize("step, problem", [
    (["create"], 'a step must be an object, got ["create"]'),
    ({"urn": URN, "newState": {}}, "has no `op`"),
    ({"op": 1, "urn": URN}, "`op` must be a string, got 1"),
    ({"op": "create", "urn": URN, "newState": "vpc"}, 'newState must be an object, got "vpc"'),
    ({"op": "create", "urn": 5, "newState": {"type": "aws:ec2/vpc:Vpc"}}, "newState `urn` is not a Pulumi URN, got 5"),
])
def test_a_malformed_step_is_named(tmp_path, step, problem):
    path = write(tmp_path, json.dumps({"steps": [step]}))
    with pytest.raises(InputError) as error:
        load_preview(path)
    assert str(error.value) == f"{path}: steps[0]: {problem}"


def test_a_skipped_step_is_not_checked_further(tmp_path):
    path = write(tmp_path, json.dumps({"steps": [{"op": "delete", "urn": URN, "oldState": {"urn": URN}}]}))
    assert len(load_preview(path).resources) == 0


@pytest.mark.parametrize("resource, problem", [
    ({"urn": URN, "custom": True}, "has no `type`"),
    ({"urn": URN, "type": "aws:ec2/vpc:Vpc", "provider": ["aws"]}, '`provider` must be a string, got ["aws"]'),
])
def test_a_malformed_export_resource_names_its_index_and_urn(tmp_path, resource, problem):
    path = write(tmp_path, state_with(resource))
    with pytest.raises(InputError) as error:
        load_state(path)
    assert str(error.value) == f"{path}: deployment.resources[1] ({URN}): {problem}"


def test_an_export_resource_that_is_not_an_object(tmp_path):
    path = write(tmp_path, json.dumps({"deployment": {"resources": [3]}}))
    with pytest.raises(InputError) as error:
        load_state(path)
    assert str(error.value) == f"{path}: deployment.resources[0]: a resource must be an object, got 3"


def test_a_parent_cycle_in_a_file(tmp_path):
    inner = "urn:pulumi:dev::shop::webstack:index:Network$webstack:index:Network::inner"
    resources = [{"urn": PARENT, "type": "webstack:index:Network", "custom": False, "parent": inner},
                 {"urn": inner, "type": "webstack:index:Network", "custom": False, "parent": PARENT}]
    path = write(tmp_path, json.dumps({"version": 3, "deployment": {"resources": resources}}))
    with pytest.raises(InputError) as error:
        load_state(path)
    assert str(error.value) == f"{path}: resource {PARENT} is its own ancestor (a `parent` cycle)"


# --- property: any document at all gives an Inventory or a one-line InputError --------------------------

URNS = [URN, PARENT, "urn:pulumi:dev::shop::pulumi:providers:aws::default::5f2a0c1e",
        "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev"]
TYPES = ["aws:ec2/vpc:Vpc", "aws:alb/listener:Listener", "webstack:index:Network", "pulumi:providers:aws",
         "pulumi:pulumi:Stack"]
OPS = ["create", "same", "update", "delete", "replace", "create-replacement", "delete-replaced", "read", "refresh",
       "discard", "import"]

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


# Wrong values: anything JSON, plain strings where URNs belong, near-URNs, or the key left out.
REMOVED = object()
anything = st.one_of(st.text(min_size=1, max_size=12),
                     st.sampled_from(["urn:pulumi:a::b", "urn:pulumi:dev::x::t::bad\nname", "", 7, REMOVED]),
                     json_values)


def spoiled(well_formed: st.SearchStrategy[dict]) -> st.SearchStrategy[dict]:
    """A well-formed object with up to two of its keys given wrong values (or removed)."""

    def spoil(document: dict) -> st.SearchStrategy[dict]:
        bad_keys = st.lists(st.sampled_from(sorted(document)), unique=True, max_size=2)
        return bad_keys.flatmap(lambda keys: st.fixed_dictionaries({key: anything for key in keys}).map(
            lambda wrong: {k: v for k, v in {**document, **wrong}.items() if v is not REMOVED}))

    return well_formed.flatmap(spoil)


def items(element: st.SearchStrategy) -> st.SearchStrategy[list]:
    """Lists whose elements are now and then not objects at all."""
    return st.lists(element | element | element | json_values, max_size=5)


urns = st.sampled_from(URNS)
urn_lists = st.lists(urns, max_size=3)
resource_states = spoiled(st.fixed_dictionaries(
    {"urn": urns, "type": st.sampled_from(TYPES), "parent": urns, "provider": urns.map(lambda urn: urn + "::5f2a0c1e")},
    optional={"custom": st.booleans(), "id": st.text(max_size=8) | st.just(UNKNOWN),
              "inputs": st.dictionaries(st.sampled_from(["region", "launchTemplate", "__defaults", "x"]),
                                        st.sampled_from(["us-east-1", UNKNOWN, "[secret]", ""]) | json_values,
                                        max_size=3),
              "dependencies": urn_lists,
              "propertyDependencies": st.dictionaries(st.sampled_from(["x", "launchTemplate"]),
                                                      urn_lists | st.none(), max_size=2),
              "delete": st.booleans()},
))
steps = spoiled(st.fixed_dictionaries({"op": st.sampled_from(OPS), "urn": urns, "newState": resource_states}))
previews = spoiled(st.fixed_dictionaries(
    {"steps": items(steps)}, optional={"config": st.fixed_dictionaries({"aws:region": st.just("eu-west-1")})}))
exports = spoiled(st.fixed_dictionaries(
    {"version": st.just(3), "deployment": spoiled(st.fixed_dictionaries({"resources": items(resource_states)}))}))
loaders_and_documents = st.one_of(
    previews.map(lambda document: (load_preview, document)),
    exports.map(lambda document: (load_state, document)),
    st.tuples(st.sampled_from([load_preview, load_state]), previews | exports | json_values),
)


def assert_inventory_or_one_line_error(load, path: Path) -> None:
    try:
        inventory = load(path)
    except InputError as error:
        message = str(error)
        assert message.startswith(f"{path}: ")
        assert len(message.splitlines()) == 1 and "\n" not in message and "\r" not in message
        return
    assert isinstance(inventory, Inventory)
    frame = inventory.resources
    assert list(frame.columns) == INVENTORY_COLUMNS
    for record in frame.to_dict("records"):
        assert isinstance(record["urn"], str) and record["urn"].startswith("urn:pulumi:")
        assert isinstance(record["type"], str)
        assert record["type"] not in ("pulumi:pulumi:Stack", "pulumi:providers:aws")
        assert isinstance(record["inputs"], dict) and "__defaults" not in record["inputs"]
        for depended_on in record["refs"].values():
            assert isinstance(depended_on, list) and all(isinstance(urn, str) for urn in depended_on)
        assert record["region"] is None or isinstance(record["region"], str)


def check_document(load, document) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.json"
        path.write_text(json.dumps(document))
        assert_inventory_or_one_line_error(load, path)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(state=resource_states, step=steps, as_preview=st.booleans())
def test_any_one_resource_gives_a_row_or_an_input_error(state, step, as_preview):
    """One (possibly spoiled) resource in an otherwise well-formed document."""
    if as_preview:
        check_document(load_preview, {"config": {"aws:region": "eu-west-1"}, "steps": [{**step, "newState": state}]})
    else:
        check_document(load_state, {"version": 3, "deployment": {"resources": [state]}})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(loader_and_document=loaders_and_documents)
def test_any_json_document_gives_an_inventory_or_an_input_error(loader_and_document):
    check_document(*loader_and_document)


@settings(max_examples=100, deadline=None)
@given(content=st.binary(max_size=40) | st.text(max_size=40).map(str.encode), as_preview=st.booleans())
def test_any_bytes_give_an_inventory_or_an_input_error(content, as_preview):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.json"
        path.write_bytes(content)
        assert_inventory_or_one_line_error(load_preview if as_preview else load_state, path)
