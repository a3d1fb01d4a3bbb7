"""The webstack package: its name, version and components, and the provider that serves them.

One definition for the three places that need it: provider/__main__.py (the plugin the Pulumi engine
runs for programs in other languages), scripts/generate_reference_docs.py and the tests. The schema is
what the SDK's component provider infers from the components' annotations and docstrings, so the
reference documentation and every language's SDK are generated from the same JSON.
"""

import json
from typing import Any, Mapping

import pulumi
from pulumi.provider.experimental.analyzer import PropertyDefinition, PropertyType
from pulumi.provider.experimental.component import ComponentProvider

from components.database import Database
from components.network import Network
from components.web import WebTier

PACKAGE_NAME = "webstack"
# Release by tagging the commit v<PACKAGE_VERSION>: `pulumi package add ...@<version>` checks out that tag.
PACKAGE_VERSION = "0.1.0"
COMPONENTS = (Network, Database, WebTier)


class WebstackProvider(ComponentProvider):
    """The SDK's component provider with integer inputs delivered as ints.

    Numbers travel between the engine and a provider as floats. pulumi 3.272's ComponentProvider converts
    an integer input with int() and then overwrites it with the float again, so `availabilityZoneCount: 2`
    from TypeScript or YAML would reach Network as 2.0 and fail its validation (and a BGP ASN would
    become "65000.0"). This restores every integral float declared `integer` in the schema, at any depth.
    """

    def map_input_properties(self, inputs: Any, properties: dict[str, PropertyDefinition],
                             mapping: dict[str, str], component_name: str, property_path: str) -> dict[str, Any]:
        mapped = super().map_input_properties(inputs, properties, mapping, component_name, property_path)
        for schema_name, definition in properties.items():
            python_name = mapping[schema_name]
            if python_name in mapped:
                mapped[python_name] = as_declared(mapped[python_name], definition)
        return mapped


def as_declared(value: Any, definition: PropertyDefinition) -> Any:
    """`value` with the integral floats the schema declares `integer` (in lists and maps too) made ints;
    anything else, a non-integral float included, is left for the component's validation to judge."""
    if isinstance(value, pulumi.Output):
        return value.apply(lambda known: as_declared(known, definition))
    if definition.type == PropertyType.INTEGER and isinstance(value, float) and value.is_integer():
        return int(value)
    if definition.type == PropertyType.ARRAY and definition.items and isinstance(value, list):
        return [as_declared(item, definition.items) for item in value]
    if definition.type == PropertyType.OBJECT and definition.additional_properties and isinstance(value, Mapping):
        return {key: as_declared(item, definition.additional_properties) for key, item in value.items()}
    return value


def webstack_provider() -> WebstackProvider:
    """The provider the plugin serves: it analyses the components and builds the schema on creation."""
    return WebstackProvider(list(COMPONENTS), PACKAGE_NAME, None, PACKAGE_VERSION)


def package_schema() -> dict[str, Any]:
    """The package schema exactly as the plugin returns it to `pulumi package add` (GetSchema)."""
    return json.loads(str(webstack_provider().schema))
