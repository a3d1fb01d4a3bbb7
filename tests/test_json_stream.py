"""JsonStream reads an array of a JSON file item by item, whatever the chunks the text arrives in: the same
items and members as json.loads gives, secrets masked, and for text that is not JSON the same line and
column json.loads reports."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from costing import input_file
from costing.errors import InputError
from costing.inventory import json_stream as stream_module
from costing.inventory.state import json_stream
from costing.schema import SECRET
from tests.documents import SECRET_SIG, SECRET_SIG_KEY, secret

SIGNATURE = {SECRET_SIG_KEY: SECRET_SIG}


@pytest.fixture(params=[1, 3, 7, 64, 1 << 20], ids=lambda size: f"chunks of {size}")
def chunk(request, monkeypatch) -> int:
    monkeypatch.setattr(input_file, "_CHUNK", request.param)
    monkeypatch.setattr(stream_module, "_MIN_READ", request.param)
    return request.param


def streamed(path, array_path=("steps",)) -> tuple[list, bool, dict]:
    stream = json_stream(path, array_path)
    items = list(stream.items())
    return items, stream.found, stream.others


def test_items_and_members_as_json_reads_them(chunk, tmp_path):
    document = {"version": 3, "steps": [{"op": "create", "n": 12345678901234567890, "f": -1.5e-7, "s": "a\\u00e9\"x",
                                         "t": [True, False, None], "e": {}, "l": []} for _ in range(3)],
                "config": {"aws:region": "eu-west-1"}, "z": 7}
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document, indent=1))
    items, found, others = streamed(path)
    assert (items, found, others) == (document["steps"], True, {"version": 3, "config": {"aws:region": "eu-west-1"},
                                                                 "z": 7})


def test_a_nested_array_and_secrets_in_any_spelling(chunk, tmp_path):
    spelled = json.dumps(SIGNATURE).replace("4dab", "\\u0034dab")
    text = ('{"deployment": {"manifest": {"x": 1}, "resources": [{"a": ' + json.dumps(secret('"v"'))
            + '}, {"b": ' + spelled[:-1] + ', "plaintext": "x"}}, {"c": "plain \\u00e9"}], "after": 2}}')
    path = tmp_path / "state.json"
    path.write_text(text)
    items, found, others = streamed(path, ("deployment", "resources"))
    assert (items, found, others) == ([{"a": SECRET}, {"b": SECRET}, {"c": "plain é"}], True, {})


@pytest.mark.parametrize("text", ['{"steps": 5}', "[1, 2]", '"steps"', "{}", '{"other": {"steps": []}}'])
def test_no_array_at_the_path(chunk, tmp_path, text):
    path = tmp_path / "doc.json"
    path.write_text(text)
    assert streamed(path)[:2] == ([], False)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet='{}[]",:0123456789. \nstepa-eE+truefalsn\\', max_size=40))
def test_text_that_is_not_json_fails_where_json_says(chunk, tmp_path, text):
    path = tmp_path / "doc.json"
    path.write_text(text)
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        with pytest.raises(InputError) as raised:
            streamed(path)
        assert str(raised.value) == f"{path}: not JSON (line {error.lineno} column {error.colno})"
    except (ValueError, RecursionError):
        pass
    else:
        streamed(path)
