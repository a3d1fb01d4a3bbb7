"""The golden cases of the application integration, streaming and messaging types (API Gateway ... SES)
show every usage line those types have: every usage key they declare is read by a line of some case,
and no line reads a key its type does not declare."""

from __future__ import annotations

from costing.inventory import load_preview
from costing.rules import RULE_MODULES, rule_lines, usage_keys
from tests.golden_cases import MESSAGING_MODULES as MODULES, cases



def test_the_golden_cases_read_every_usage_key_of_this_groups_types_and_no_other():
    read = set()
    for case in cases():
        resources = load_preview(case / "preview.json").resources
        lines = rule_lines(resources, resources)
        lines = lines[lines["usage"]].merge(resources[["urn", "type"]], on="urn")
        read |= {(type_token, name) for type_token, key in zip(lines["type"], lines["usage_key"])
                 for name in key.split("*")}
    ours = [type_token for type_token, module in RULE_MODULES.items() if module in MODULES]
    declared = {(type_token, key.name) for type_token in ours for key in usage_keys(type_token)}
    assert len(ours) == 31
    assert declared == {(type_token, name) for type_token, name in read if type_token in ours}
