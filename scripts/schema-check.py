#!/usr/bin/env python3
"""Checks onboard YAML files against the JSON Schemas in docs/schema/ with a real JSON Schema validator.

Usage: schema-check.py SCHEMA_DIR FILE...
Prints one JSON object per line: {"file": ..., "valid": bool, "errors": [...]}. The schema is chosen by the
file's `kind` (Partner, PartnerTemplate, Deployment). A file that is not YAML at all is reported as invalid.
"""
import json
import pathlib
import sys

import jsonschema
import yaml
from referencing import Registry, Resource

KINDS = {"Partner": "partner.schema.json", "PartnerTemplate": "template.schema.json",
         "Deployment": "deployment.schema.json"}


def main() -> int:
    schema_dir = pathlib.Path(sys.argv[1])
    schemas = {p.name: json.loads(p.read_text()) for p in schema_dir.glob("*.schema.json")}
    registry = Registry().with_resources(
        (name, Resource.from_contents(schema)) for name, schema in schemas.items())
    for name in sys.argv[2:]:
        errors = []
        try:
            document = yaml.safe_load(pathlib.Path(name).read_text())
        except yaml.YAMLError as error:
            document, errors = None, [f"not YAML: {error.__class__.__name__}"]
        if not errors:
            kind = document.get("kind") if isinstance(document, dict) else None
            schema_name = KINDS.get(kind)
            if schema_name is None:
                errors = [f"unknown kind {kind!r}"]
            else:
                validator = jsonschema.Draft202012Validator(schemas[schema_name], registry=registry)
                # Name the place and the rule only: values may be secrets (that is what some fixtures test).
                errors = [f"/{'/'.join(map(str, e.absolute_path))}: {e.validator}"
                          for e in validator.iter_errors(document)]
        print(json.dumps({"file": name, "valid": not errors, "errors": errors}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
