"""JSON Schema validators made from the CustomResourceDefinitions vendored in crds/.

A CRD's `openAPIV3Schema` is OpenAPI 3.0's variant of JSON Schema draft 4 with Kubernetes'
`x-kubernetes-*` keywords. Two rules of the API server are not draft 4's, and are added here:
- a field that the schema does not declare is refused (kubectl's strict field validation, its
  default since Kubernetes 1.27), unless the object says `x-kubernetes-preserve-unknown-fields`;
- `nullable: true` lets null through.
"""

from functools import cache
from pathlib import Path

import jsonschema
import yaml

CRDS = Path(__file__).resolve().parent / "crds"
# libyaml's loader when PyYAML was built with it: the CRDs are a megabyte of YAML.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def strict(schema: dict) -> dict:
    """The schema with undeclared fields refused and `nullable` spelt as a null type."""
    schema = dict(schema)
    for keyword in ("properties", "patternProperties"):
        if keyword in schema:
            schema[keyword] = {name: strict(child) for name, child in schema[keyword].items()}
    for keyword in ("items", "additionalProperties", "not"):
        if isinstance(schema.get(keyword), dict):
            schema[keyword] = strict(schema[keyword])
    for keyword in ("allOf", "anyOf", "oneOf"):
        if keyword in schema:
            schema[keyword] = [strict(child) for child in schema[keyword]]
    if (
        "properties" in schema
        and "additionalProperties" not in schema
        and not schema.get("x-kubernetes-preserve-unknown-fields")
    ):
        schema["additionalProperties"] = False
    if schema.pop("nullable", False) and "type" in schema:
        schema["type"] = [schema["type"], "null"]
    return schema


@cache
def crd_validators() -> dict[tuple[str, str], jsonschema.Draft4Validator]:
    """(API group, kind) → a validator of the stored version's schema, for each vendored CRD."""
    validators = {}
    for path in sorted(CRDS.rglob("*.yaml")):
        for crd in yaml.load_all(path.read_text(), Loader=YAML_LOADER):
            if not crd or crd["kind"] != "CustomResourceDefinition":
                continue
            (version,) = [v for v in crd["spec"]["versions"] if v["storage"]]
            schema = strict(version["schema"]["openAPIV3Schema"])
            jsonschema.Draft4Validator.check_schema(schema)
            key = (crd["spec"]["group"], crd["spec"]["names"]["kind"])
            validators[key] = jsonschema.Draft4Validator(schema)
    return validators
