"""The JSON and CSV estimates are written as they are rendered, a chunk of resources at a time (issue 16,
item 7): the same bytes as the document built whole and serialized at once, which `whole_json` and
`whole_csv` make as the renderers did before (every resource a dict, json.dumps for each list item; one
merge and one to_csv), on the stacks and on a preview of unicode names, masked secrets, unknown and
nonsense values. Chunks of 1 and 3 resources make every stack many chunks."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from costing.catalog import load_catalog
from costing.cli import main
from costing.estimate import estimate
from costing.inventory import load_preview, load_stack
from costing.report import common, csv_rows, json_doc, render_estimate
from costing.report.json_doc import (ASG_KINDS, LINE_KINDS, RESERVED_LINE_KINDS, RESOURCE_KINDS, estimate_document,
                                     money, records)
from costing.result import RESERVED_LINE_COLUMNS, ReservedPricing
from tests.documents import UNKNOWN, preview_of, secret, step
from tests.git_project import shared_inventory_cache

TODAY = date(2026, 12, 5)
STACKS = ("dev", "staging", "prod")
SECRET_TYPE = "c7g.16xlarge"  # the plaintext of a secret instance type: in no output
GROUP = "aws:autoscaling/group:Group"
TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"


def layout(value: object, pad: str = "") -> str:
    """json_doc's layout, with json.dumps: objects indented by two spaces, each list item on one line."""
    if isinstance(value, dict) and value:
        members = [f"{pad}  {json.dumps(key)}: {layout(member, pad + '  ')}" for key, member in value.items()]
        return "{\n" + ",\n".join(members) + f"\n{pad}}}"
    if isinstance(value, list) and value:
        return "[\n" + ",\n".join(f"{pad}  {json.dumps(item, allow_nan=False)}" for item in value) + f"\n{pad}]"
    return json.dumps(value, allow_nan=False)


def whole_json(result, today: date) -> str:
    """The document as it was built before it was streamed: every resource and line a dict, at once."""
    lines, kinds = result.lines, LINE_KINDS
    resources = records(result.resources, RESOURCE_KINDS)
    if result.reserved is not None:
        lines = lines.join(result.reserved.lines.rename(columns={"term": "pricing"}))
        kinds = LINE_KINDS | RESERVED_LINE_KINDS
        savings = lines[~lines["usage"].astype(bool)].groupby("urn", sort=False)["saving_monthly_usd"].sum()
        for resource in resources:
            priced = resource["status"] == "priced"
            resource["saving_monthly_usd"] = money(savings.get(resource["urn"], 0.0)) if priced else None
    lines_by_urn: dict[str, list[dict]] = {}
    for urn, line in zip(lines["urn"].tolist(), records(lines, kinds)):
        lines_by_urn.setdefault(urn, []).append(line)
    for resource in resources:
        resource["lines"] = lines_by_urn.get(resource["urn"], [])
    document = {**estimate_document(result, today), "resources": resources,
                "autoscaling_groups": records(result.asg_ranges, ASG_KINDS)}
    return layout(document) + "\n"


def whole_csv(result) -> str:
    """The CSV as it was made before it was streamed: one merge of every resource with its lines."""
    lines = result.lines.rename(columns={"status": "line_status", "reason": "line_reason"})
    rows = result.resources[csv_rows.RESOURCE_FIELDS].merge(lines[["urn", *csv_rows.LINE_FIELDS]], on="urn",
                                                            how="left")
    rows[csv_rows.MONEY_FIELDS] = rows[csv_rows.MONEY_FIELDS].astype(float).round(json_doc.MONEY_PLACES)
    rows["quantity"] = rows["quantity"].astype(float).round(json_doc.MONEY_PLACES)
    return rows.to_csv(index=False, lineterminator="\n")


def reject_constant(name: str) -> None:
    raise AssertionError(f"{name} in the JSON output: not JSON")


def hostile_preview() -> dict:
    """Unicode and JSON-escaped names, a secret instance type, a group whose size is unknown until apply and one
    whose size is NaN, a volume of unknown size, a bucket (no rule), NAT usage without a quantity."""
    template = step(TEMPLATE, "web-lt", {"instanceType": "t3.micro"})
    depends = {"dependencies": [template["urn"]], "propertyDependencies": {"launchTemplate": [template["urn"]]}}
    return preview_of(
        template,
        step("aws:ec2/natGateway:NatGateway", "nat-ünïcödé-网关-🚀", {"subnetId": UNKNOWN}),
        step("aws:ec2/instance:Instance", 'vm "quoted" \\ slash', {"instanceType": secret(SECRET_TYPE)}),
        step(GROUP, "asg-unknown", {"launchTemplate": {"id": UNKNOWN}, "desiredCapacity": UNKNOWN, "minSize": 1,
                                    "maxSize": 3}, **depends),
        step(GROUP, "asg-nan", {"launchTemplate": {"id": UNKNOWN}, "desiredCapacity": math.nan, "minSize": 1,
                                "maxSize": 3}, **depends),
        step("aws:ebs/volume:Volume", "data-Ω", {"availabilityZone": "us-east-1a", "size": UNKNOWN, "type": "gp3"}),
        step("aws:s3/bucketV2:BucketV2", "assets-ß", {}),
        step("aws:ec2/vpc:Vpc", "vpc-é", {"cidrBlock": "10.0.0.0/16"}),
    )


def with_reserved_term(result):
    """`result` as if under a reserved term: EC2 and RDS instance lines 30% cheaper than on demand."""
    instance = result.lines["description"].str.contains("instance").to_numpy()
    on_demand = np.where(instance, result.lines["unit_usd"] / 0.7, result.lines["unit_usd"])
    on_demand_monthly = np.where(instance, result.lines["monthly_usd"] / 0.7, result.lines["monthly_usd"])
    lines = pd.DataFrame({"term": np.where(instance, "reserved-1y-no-upfront", "on-demand"),
                          "on_demand_unit_usd": on_demand, "on_demand_monthly_usd": on_demand_monthly,
                          "saving_monthly_usd": on_demand_monthly - result.lines["monthly_usd"]},
                         index=result.lines.index)
    saving = float(lines["saving_monthly_usd"].sum())
    reserved = ReservedPricing("reserved-1y-no-upfront", lines[RESERVED_LINE_COLUMNS],
                               result.totals["monthly_usd"] + saving, saving, ("db.m6g.large in us-east-1",))
    return replace(result, reserved=reserved)


@pytest.fixture(scope="module")
def estimates(tmp_path_factory) -> dict:
    """The stacks (one also under a reserved term) and the hostile preview, estimated."""
    folder = tmp_path_factory.mktemp("streaming")
    preview = folder / "plan.json"
    preview.write_text(json.dumps(hostile_preview(), ensure_ascii=False), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COSTING_CACHE_DIR", str(shared_inventory_cache(tmp_path_factory)))
        catalog = load_catalog()
        results = {stack: estimate(load_stack(stack), catalog) for stack in STACKS}
        results["prod reserved"] = with_reserved_term(results["prod"])
        results["preview"] = estimate(load_preview(str(preview)), catalog)
    return results


@pytest.mark.parametrize("chunk_rows", [1, 3, common.CHUNK_ROWS])
@pytest.mark.parametrize("name", [*STACKS, "prod reserved", "preview"])
def test_streamed_json_and_csv_are_the_whole_documents_bytes(estimates, monkeypatch, name, chunk_rows):
    monkeypatch.setattr(common, "CHUNK_ROWS", chunk_rows)
    result = estimates[name]
    pieces = list(json_doc.estimate_pieces(result, today=TODAY))
    assert "".join(pieces) == whole_json(result, TODAY)
    assert len(pieces) > len(result.resources)  # a resource a piece: never the document at once
    assert render_estimate(result, "csv", today=TODAY) == whole_csv(result)
    assert len(list(csv_rows.estimate_pieces(result))) == max(math.ceil(len(result.resources) / chunk_rows), 1)


def test_the_hostile_preview_is_valid_json_without_its_secret(estimates):
    text = render_estimate(estimates["preview"], "json", today=TODAY)
    document = json.loads(text, parse_constant=reject_constant)
    assert SECRET_TYPE not in text and SECRET_TYPE not in render_estimate(estimates["preview"], "csv", today=TODAY)
    resources = {resource["name"]: resource for resource in document["resources"]}
    assert "nat-ünïcödé-网关-🚀" in resources and "\\u7f51\\u5173" in text  # escaped as json.dumps does
    assert resources['vm "quoted" \\ slash']["status"] == "unpriced"
    assert (resources["data-Ω"]["status"], resources["data-Ω"]["monthly_usd"]) == ("unpriced", None)
    assert resources["assets-ß"]["reason"] == "no pricing rule for aws:s3/bucketV2:BucketV2"
    nat_usage = [line for line in resources["nat-ünïcödé-网关-🚀"]["lines"] if line["usage"]]
    assert nat_usage and all(line["quantity"] is None and line["monthly_usd"] is None for line in nat_usage)
    groups = {group["name"]: group for group in document["autoscaling_groups"]}
    assert groups["asg-unknown"]["desired"] is None and groups["asg-unknown"]["monthly_usd_at_desired"] is None
    assert resources["asg-nan"]["reason"] == "desired capacity is not a finite number"


def test_the_command_line_writes_the_stream_to_a_file_and_to_stdout(estimates, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(common, "CHUNK_ROWS", 2)
    preview = tmp_path / "plan.json"
    preview.write_text(json.dumps(hostile_preview()))
    expected = whole_json(estimate(load_preview(str(preview)), load_catalog()), date.today())
    target = tmp_path / "cost.json"
    for output in (["-o", str(target)], []):
        with pytest.raises(SystemExit) as exited:
            main(["estimate", "--preview", str(preview), "-f", "json", *output])
        assert exited.value.code == 0
    assert target.read_text(encoding="utf-8") == expected
    assert capsys.readouterr().out == expected


def test_a_stream_failing_half_way_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    preview = tmp_path / "plan.json"
    preview.write_text(json.dumps(hostile_preview()))
    target = tmp_path / "cost.json"
    target.write_text("previous report\n")
    monkeypatch.setattr(common, "CHUNK_ROWS", 2)
    made = []

    def failing_on_the_third_chunk(frame, kinds):
        made.append(len(frame))
        if len(made) == 5:  # the resources and lines of two chunks are written
            raise RuntimeError("renderer bug")
        return records(frame, kinds)

    monkeypatch.setattr(json_doc, "records", failing_on_the_third_chunk)
    with pytest.raises(RuntimeError, match="renderer bug"):
        main(["estimate", "--preview", str(preview), "-f", "json", "-o", str(target)])
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cost.json", "plan.json"]
    assert target.read_text() == "previous report\n"


def test_pieces_of_an_empty_estimate(estimates):
    empty = replace(estimates["dev"], resources=estimates["dev"].resources.iloc[0:0],
                    lines=estimates["dev"].lines.iloc[0:0], asg_ranges=estimates["dev"].asg_ranges.iloc[0:0])
    text = render_estimate(empty, "json", today=TODAY)
    assert '  "resources": [],\n  "autoscaling_groups": [],\n' in text and text == whole_json(empty, TODAY)
    assert render_estimate(empty, "csv", today=TODAY) == whole_csv(empty) == (
        ",".join(csv_rows.RESOURCE_FIELDS + csv_rows.LINE_FIELDS) + "\n")
