"""The shared answers table (../answers.json) read by the Python runner: invoke answers and the outputs a
preview knows at plan time, rendered for one region. The template language is specified in
costing/inventory/runners/__init__.py; the Node.js runner implements the same.

Standard library only: this module runs in the program's interpreter, beside pulumi and nothing else.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Dict, List, Optional

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_LABEL_VARIABLE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_.]*)")
_STATEMENT_KEYS = (("sid", "Sid"), ("effect", "Effect"), ("actions", "Action"), ("notActions", "NotAction"),
                   ("resources", "Resource"), ("notResources", "NotResource"))


class TemplateError(ValueError):
    """A template of the table that cannot be rendered (a placeholder it does not define)."""


class Answers:
    """The table of one file; `invoke` and `outputs` render its templates for a region."""

    def __init__(self, table: Dict[str, Any]) -> None:
        self.table = table

    @classmethod
    def load(cls, path: str) -> "Answers":
        with open(path, encoding="utf-8") as handle:
            return cls(json.load(handle))

    def answers_invoke(self, token: str) -> bool:
        return token in self.table["invokes"]

    def invoke(self, token: str, args: Dict[str, Any], region: str,
               provider: Optional[Dict[str, Any]] = None) -> Optional[Dict[str, Any]]:
        """The answer to invoke `token` with (plain) `args` in `region`, through a provider with the inputs
        `provider` (None: the default provider); None when the table has none."""
        template = self.table["invokes"].get(token)
        if template is None:
            return None
        return _render(template, self._variables(region), args, provider or {})

    def outputs(self, type_token: str, name: str, region: str) -> Dict[str, Any]:
        """The outputs of a new resource that a preview knows at plan time (auto-names), by property."""
        template = self.table["outputs"].get(type_token, {})
        return _render(template, dict(self._variables(region), name=name), {}, {})

    def zones(self, region: str) -> List[str]:
        """The availability zones an account sees in `region`."""
        return [region + letter for letter in self._region(region)["zones"]]

    def _region(self, region: str) -> Dict[str, Any]:
        regions = self.table["regions"]
        return regions.get(region, regions["default"])

    def _variables(self, region: str) -> Dict[str, Any]:
        partition = next(entry for entry in self.table["partitions"] if region.startswith(entry["prefix"]))
        zones = self.zones(region)
        return {"region": region, "account": self.table["account"], "partition": partition["partition"],
                "dns_suffix": partition["dns_suffix"], "first_zone": zones[0] if zones else region,
                "zones": zones, "zone_id_prefix": self._region(region).get("zone_id_prefix", region.replace("-", ""))}


def _render(template: Any, variables: Dict[str, Any], args: Dict[str, Any], provider: Dict[str, Any]) -> Any:
    if isinstance(template, str):
        return _text(template, variables, args)
    if isinstance(template, list):
        return [_render(item, variables, args, provider) for item in template]
    if not isinstance(template, dict):
        return template
    if "$arg" in template or "$provider" in template:
        value = args.get(template["$arg"]) if "$arg" in template else _at(provider, template["$provider"])
        return value if value is not None else _render(template.get("default"), variables, args, provider)
    if "$each_zone" in template:
        return [_render(template["$each_zone"], dict(variables, zone=zone, index=index,
                                                     zone_id=f"{variables['zone_id_prefix']}-az{index + 1}"),
                        args, provider)
                for index, zone in enumerate(variables["zones"])]
    if "$builtin" in template:
        if template["$builtin"] != "iam_policy_document":
            raise TemplateError(f"unknown builtin {template['$builtin']!r}")
        return iam_policy_document(args, minified=bool(template.get("minified")))
    return {key: _render(value, variables, args, provider) for key, value in template.items()}


def _at(value: Any, path: str) -> Any:
    """`value` followed along a dotted path of keys, JSON text decoded on the way (a provider's object
    inputs arrive JSON-encoded); None where one is missing."""
    for key in path.split("."):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return None
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _text(template: str, variables: Dict[str, Any], args: Dict[str, Any]) -> str:
    def lookup(name: str) -> str:
        if name.startswith("arg."):
            return _as_text(args.get(name[len("arg."):]))
        if name not in variables or isinstance(variables[name], list):
            raise TemplateError(f"unknown placeholder {{{name}}} in {template!r}")
        return str(variables[name])

    def replace(match: "re.Match[str]") -> str:
        field = match.group(1)
        if field.startswith(("hash:", "HASH:")):
            kind, width, label = field.split(":", 2)
            seed = _LABEL_VARIABLE.sub(lambda variable: lookup(variable.group(1)), label) + "/" + variables["region"]
            digest = hashlib.sha256(seed.encode("utf-8")).hexdigest()[: int(width)]
            return digest.upper() if kind == "HASH" else digest
        return lookup(field)

    return _PLACEHOLDER.sub(replace, template)


def _as_text(value: Any) -> str:
    """An argument as a placeholder shows it: a string as it is, nothing as "", anything else as JSON."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def iam_policy_document(args: Dict[str, Any], *, minified: bool) -> str:
    """aws.iam.getPolicyDocument's `json` (or `minifiedJson`): the statements as IAM policy JSON, a
    one-element list as its element, as the provider renders them."""
    statements: List[Dict[str, Any]] = []
    for source in args.get("sourcePolicyDocuments") or []:
        statements.extend(json.loads(source).get("Statement", []))
    for statement in args.get("statements") or []:
        statements.append(_statement(statement))
    for override in args.get("overridePolicyDocuments") or []:
        for statement in json.loads(override).get("Statement", []):
            same = [index for index, known in enumerate(statements) if statement.get("Sid") and
                    known.get("Sid") == statement.get("Sid")]
            if same:
                statements[same[0]] = statement
            else:
                statements.append(statement)
    document: Dict[str, Any] = {"Version": args.get("version") or "2012-10-17"}
    if args.get("policyId"):
        document["Id"] = args["policyId"]
    document["Statement"] = statements
    if minified:
        return json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(document, ensure_ascii=False, indent=2)


def _statement(statement: Dict[str, Any]) -> Dict[str, Any]:
    rendered: Dict[str, Any] = {}
    for key, field in _STATEMENT_KEYS:
        value = statement.get(key) if key != "effect" else (statement.get("effect") or "Allow")
        if value not in (None, "", []):
            rendered[field] = _one_or_many(value)
    for key, field in (("principals", "Principal"), ("notPrincipals", "NotPrincipal")):
        principals = statement.get(key) or []
        if principals:
            rendered[field] = _principals(principals)
    conditions = statement.get("conditions") or []
    if conditions:
        rendered["Condition"] = {}
        for condition in conditions:
            rendered["Condition"].setdefault(condition["test"], {})[condition["variable"]] = \
                _one_or_many(condition.get("values") or [])
    return rendered


def _principals(principals: List[Dict[str, Any]]) -> Any:
    if len(principals) == 1 and principals[0].get("type") == "*" and principals[0].get("identifiers") == ["*"]:
        return "*"
    return {principal["type"]: _one_or_many(principal.get("identifiers") or []) for principal in principals}


def _one_or_many(value: Any) -> Any:
    if isinstance(value, list) and len(value) == 1:
        return value[0]
    return value
