#!/usr/bin/env python3
"""Validates FHIR R4 resources with the independent fhir.resources models (6.4.0 = FHIR 4.0.1).

Usage: fhir-validate.py FILE_OR_DIRECTORY...
Prints one JSON object per resource: {"file": ..., "resourceType": ..., "valid": bool, "error": ...}.
Also checks the R4 CapabilityStatement rules the models do not: kind=requirements has neither software nor
implementation, and at least one of rest, messaging or document.
"""
import json
import pathlib
import sys

from fhir.resources import construct_fhir_element


def extra_rules(resource: dict) -> list:
    problems = []
    if resource.get("resourceType") == "CapabilityStatement":
        if resource.get("kind") == "requirements" and ("software" in resource or "implementation" in resource):
            problems.append("cpb-16: kind=requirements must have neither software nor implementation")
        if not any(key in resource for key in ("rest", "messaging", "document")):
            problems.append("cpb-1: needs rest, messaging or document")
        if not any(key in resource for key in ("description", "software", "implementation")):
            problems.append("cpb-2: needs description, software or implementation")
    return problems


def main() -> int:
    files = []
    for argument in sys.argv[1:]:
        path = pathlib.Path(argument)
        files += sorted(path.rglob("*.json")) if path.is_dir() else [path]
    for file in files:
        resource = json.loads(file.read_text())
        try:
            construct_fhir_element(resource["resourceType"], resource)
            problems = extra_rules(resource)
            error = "; ".join(problems) or None
        except Exception as exception:  # the models raise pydantic.ValidationError and friends
            error = str(exception).replace("\n", " ")
        print(json.dumps({"file": str(file), "resourceType": resource.get("resourceType"), "valid": error is None,
                          "error": error}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
