"""The declarations every rule module makes (costing/rules/declare.py) hold together: the index of rule
modules is current, every declared price has prices in the embedded snapshot, every refresh filter maps
a row of its kind to its own price, usage keys are unambiguous, and lines are written from declarations."""

from __future__ import annotations

import importlib.util
import math
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from costing.catalog import EMBEDDED_SNAPSHOT, read_snapshot
from costing.quantities import with_quantities
from costing.refresh.mapping import FILTERS, Match, Row, field_name, match
from costing.rules import RULE_MODULES, all_rule_modules, declared_prices, usage_keys
from costing.rules.common import lines_frame
from costing.rules import sqs
from costing.rules.declare import INF, OfferFilter, Page, Price, Tier, Tiered, UsageKey, prices_of, template_pattern
from costing.rules.index import SERVICE_NAMES

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("index_rules", ROOT / "scripts" / "index_rules.py")
index_rules = sys.modules["index_rules"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(index_rules)

PRICES = declared_prices()
_FIELD = re.compile(r"\{(\w+)\}")


def test_the_rule_index_is_current():
    assert (ROOT / "costing" / "rules" / "index.py").read_text() == index_rules.render(index_rules.rule_index()), \
        "costing/rules/index.py is stale: run .venv/bin/python scripts/index_rules.py"


def test_every_rule_module_declares_types_prices_and_lines():
    for module in all_rule_modules():
        if getattr(module, "TYPES", ()):
            assert callable(module.lines), module.__name__
        for type_token in getattr(module, "USAGE", {}):
            assert type_token in module.TYPES, f"{module.__name__}.USAGE names {type_token}, not one of its TYPES"


@pytest.fixture(scope="module")
def snapshot_keys() -> set[tuple[str, str, str, str]]:
    table = read_snapshot(EMBEDDED_SNAPSHOT)
    return set(zip(*(table[column].astype(str) for column in ("service", "item", "variant", "unit"))))


@pytest.mark.parametrize("price", PRICES, ids=[f"{p.service}:{p.item}:{p.variant}" for p in PRICES])
def test_every_declared_price_has_prices_in_the_embedded_snapshot(price, snapshot_keys):
    """...and a price declared missing has none (else its note would say a price is missing that is not)."""
    item, variant = template_pattern(price.item), template_pattern(price.variant)
    found = any(service == price.service and unit == price.unit and item.fullmatch(found_item)
                and variant.fullmatch(found_variant) for service, found_item, found_variant, unit in snapshot_keys)
    if price.missing:
        assert not found, "a price declared missing has snapshot rows: drop `missing`, declare its sources"
    else:
        assert found, "no snapshot row: rebuild it (scripts/build_price_snapshot.py) or fix its sources"


def test_every_declared_price_is_read_from_somewhere_or_says_why_it_is_missing():
    assert [price for price in PRICES if not price.sources and not price.missing] == []


def test_a_price_identity_is_declared_once():
    identities = [(price.service, price.item, price.variant, price.unit) for price in PRICES]
    assert sorted(identity for identity in set(identities) if identities.count(identity) > 1) == []


def test_every_service_has_the_name_reports_group_it_under():
    assert sorted({price.service for price in PRICES} - set(SERVICE_NAMES)) == [], \
        "add the service to a rule module's SERVICES, then run scripts/index_rules.py"


@pytest.mark.parametrize("module", all_rule_modules(), ids=lambda module: module.__name__.rsplit(".", 1)[-1])
def test_every_rule_module_names_the_services_it_prices(module):
    """Each module declares SERVICES, {catalog service: AWS name}, for every service of its own prices (a
    module without prices of its own, {})."""
    assert isinstance(getattr(module, "SERVICES", None), dict), "declare SERVICES = {catalog service: AWS name}"
    assert sorted({price.service for price in prices_of(module.PRICES)} - set(module.SERVICES)) == []
    assert all(isinstance(name, str) and name for name in module.SERVICES.values())


def _sample_row(offer_filter: OfferFilter) -> tuple[Row, dict[str, str]]:
    """A row `offer_filter` takes (on-demand, in a region, in US dollars), and the family fields it gives."""
    fields = {name: "" for name in Row._fields}
    fields |= {"sku": "SKU1", "term_type": "OnDemand", "unit": "Hrs", "price": "1", "currency": "USD",
               "location_type": "AWS Region", "usage_type": "x"}
    if offer_filter.families:
        fields["product_family"] = offer_filter.families[0]
    if offer_filter.usage:
        fields["usage_type"] = "USE1-" + offer_filter.usage[0]
    for attribute, wanted in offer_filter.attributes.items():
        if not isinstance(wanted, re.Pattern):
            fields[field_name(attribute)] = wanted if isinstance(wanted, str) else wanted[-1]
    for name, source in offer_filter.fill.items():
        if isinstance(source, str):
            table = offer_filter.values.get(name)
            fields[field_name(source)] = next(iter(table)) if table else f"sample-{name}"
    fields |= {field_name(attribute): value for attribute, value in offer_filter.example.items()}
    row = Row(**fields)
    expected = {}
    for name, source in offer_filter.fill.items():
        value = source(row) if callable(source) else getattr(row, field_name(source))
        expected[name] = offer_filter.values[name][value] if name in offer_filter.values else value
    return row, expected


REFRESHED = [(code, offer_filter, price) for code, entries in FILTERS.items() for offer_filter, price in entries]


@pytest.mark.parametrize("code, offer_filter, price", REFRESHED,
                         ids=[f"{code}-{price.service}:{price.item}:{price.variant}" for code, _, price in REFRESHED])
def test_every_refresh_filter_maps_a_row_of_its_kind_to_its_own_price(code, offer_filter, price):
    row, fields = _sample_row(offer_filter)
    item, variant = price.key(**fields)
    assert match(code, row) == Match(price.service, item, variant, price.unit, offer_filter.factor,
                                     offer_filter.reservable)
    assert match(code, row._replace(location_type="AWS Local Zone")) is None


def test_usage_keys_are_unambiguous_per_type():
    for type_token in RULE_MODULES:
        names = [name for key in usage_keys(type_token) for name in (key.name, *key.aliases)]
        assert len(names) == len(set(names)), type_token


def test_one_usage_key_name_means_one_unit_everywhere():
    units: dict[str, set[str]] = {}
    for type_token in RULE_MODULES:
        for key in usage_keys(type_token):
            units.setdefault(key.name, set()).add(key.unit)
    assert {name: found for name, found in units.items() if len(found) > 1} == {}


# --- the declaration API itself -------------------------------------------------------------------

FAMILY = Price("rds", "{instance_class}", "hour", "{instance_class} ({engine})", variant="{engine}|single-az")
GB = UsageKey("monthly_data_processed_gb", "GB", "data processed per month")


def test_a_family_line_fills_item_and_variant_and_its_description():
    line = FAMILY.line("urn:a", 2, instance_class="db.t3.micro", engine="mysql")
    assert (line["service"], line["item"], line["variant"], line["unit"], line["quantity"], line["description"]) == (
        "rds", "db.t3.micro", "mysql|single-az", "hour", 2.0, "db.t3.micro (mysql)")
    assert (line["usage"], line["usage_key"], line["note"], line["reason"]) == (False, "", "", "")


def test_a_family_refuses_missing_or_unknown_fields():
    with pytest.raises(TypeError, match=r"fields \['instance_class'\] given, \['instance_class', 'engine'\] declared"):
        FAMILY.line("urn:a", 1, instance_class="db.t3.micro")
    with pytest.raises(ValueError, match=r"field name\(s\) \['quantity'\] are taken by line\(\)"):
        Price("ec2", "{quantity}", "hour", "x")


def test_a_missing_price_writes_its_lines_with_why_it_is_missing_as_their_note():
    price = Price("redshift", "managed-storage", "GB-month", "managed storage", missing="no price in the data")
    key = UsageKey("managed_storage_gb", "GB", "managed storage")
    assert price.usage_line("urn:c", key)["note"] == "no price in the data"
    assert price.line("urn:c", 2, note="")["note"] == ""
    with pytest.raises(ValueError, match="a price with sources is not missing"):
        Price("s", "i", "GB", "d", sources=[Page("x.json", "m")], missing="none")


def test_a_usage_line_multiplies_its_keys_and_states_a_free_allowance():
    price = Price("lambda", "duration", "GB-second", "duration", free_tier="400,000 GB-seconds free (not applied)")
    requests = UsageKey("monthly_requests", "requests", "requests per month")
    duration = UsageKey("request_duration_ms", "ms", "average duration of a request")
    line = price.usage_line("urn:f", (requests, duration), factor=0.5 / 1000)
    assert (line["usage"], line["usage_key"], line["usage_factor"], line["note"]) == (
        True, "monthly_requests*request_duration_ms", 0.0005, "400,000 GB-seconds free (not applied)")
    assert math.isnan(line["quantity"])


TIERED = Tiered([Tier(10, "first 10", Price("s", "i", "GB", "a", variant="t1")),
                 Tier(50, "next 40", Price("s", "i", "GB", "b", variant="t2")),
                 Tier(INF, "over 50", Price("s", "i", "GB", "c", variant="t3"))])


def test_a_known_quantity_splits_across_the_tiers_it_reaches():
    lines = TIERED.lines("urn:a", 25, "storage")
    assert [(line["variant"], line["quantity"], line["description"]) for line in lines] == [
        ("t1", 10.0, "storage (first 10)"), ("t2", 15.0, "storage (next 40)")]


def test_a_tiered_usage_line_splits_when_its_quantity_passes_the_first_tier():
    def queue(urn: str) -> list[dict]:
        return sqs.REQUESTS.usage_lines(urn, sqs.MONTHLY_REQUESTS, "requests", factor=1e-6, queue_type="fifo")

    lines = lines_frame(queue("urn:a") + queue("urn:b"))
    assert [(line.variant, line.tier_low, line.tier_high) for line in lines.itertuples()] == [
        ("fifo|tier1", 0.0, 100_000.0)] * 2  # one line each until a quantity passes the first tier
    given = pd.DataFrame({"urn": ["urn:a", "urn:b"], "usage_key": ["monthly_requests"] * 2,
                          "quantity": [250e9, 4e6]})
    split = with_quantities(lines, given)
    assert [(line.urn, line.description, line.variant, line.quantity, line.note) for line in split.itertuples()] == [
        ("urn:a", "requests (first 100 billion)", "fifo|tier1", 100_000.0, sqs.FREE),
        ("urn:a", "requests (next 100 billion)", "fifo|tier2", 100_000.0, ""),
        ("urn:a", "requests (over 200 billion)", "fifo|tier3", 50_000.0, ""),
        ("urn:b", "requests (first 100 billion)", "fifo|tier1", 4.0, sqs.FREE)]


def test_a_first_tier_line_knows_its_further_tiers_from_the_declaration_alone():
    family = Tiered([Tier(10, "first 10", Price("s", "out", "GB", "a", variant="{group}|t1")),
                     Tier(INF, "over 10", Price("s", "out", "GB", "b", variant="{group}|t2", missing="none"))])
    assert family.further("out", "eu|t1") == ("first 10", (("out", "eu|t2", "over 10", "none", 10, INF),))
    assert family.further("out", "eu|t2") is None and family.further("in", "eu|t1") is None
    assert TIERED.further("i", "t1") == ("first 10", (("i", "t2", "next 40", "", 10, 50), ("i", "t3", "over 50", "", 50, INF)))


def test_a_tier_split_needs_the_declarations_only_not_rules_run_before_in_the_process():
    """Lines written elsewhere (another process, a cache) split alike: nothing is recorded as rules run."""
    lines = lines_frame(sqs.REQUESTS.usage_lines("urn:q", sqs.MONTHLY_REQUESTS, "requests", factor=1e-6,
                                                 queue_type="standard"))
    given = pd.DataFrame({"urn": ["urn:q"], "usage_key": ["monthly_requests"], "quantity": [150e9]})
    script = ("import pickle, sys; from costing.quantities import with_quantities; "
              "lines, given = pickle.load(sys.stdin.buffer); "
              "print([(l.variant, l.quantity) for l in with_quantities(lines, given).itertuples()])")
    done = subprocess.run([sys.executable, "-c", script], input=pickle.dumps((lines, given)), capture_output=True,
                          cwd=ROOT, timeout=120)
    assert done.stderr.decode() == "" and done.stdout.decode().strip() == (
        "[('standard|tier1', 100000.0), ('standard|tier2', 50000.0)]")


def test_tiers_must_rise_and_end_unbounded():
    with pytest.raises(ValueError, match=r"tiers must rise and end unbounded \(INF\), got \[10, 5\]"):
        Tiered([Tier(10, "a", FAMILY), Tier(5, "b", FAMILY)])


def test_rule_modules_write_no_line_by_hand():
    """Lines come from declared prices: no rule module builds a line dict or names a catalog service itself."""
    for module in all_rule_modules():
        source = Path(module.__file__).read_text()
        assert '"usage_key":' not in source and "def line(" not in source, module.__name__
