#!/usr/bin/env python3
"""Writes the CycloneDX 1.5 SBOM of an onboard release: onboard itself and every Swift package of Package.resolved, at
its resolved version and revision, with the licence its checkout declares (its LICENSE file, recognised by text).

Usage: scripts/sbom.py VERSION COMMIT EPOCH CHECKOUTS_DIR OUTPUT LICENCES   (from the repository root)
EPOCH (the commit's time) dates the SBOM, so one commit gives one SBOM; LICENCES receives every package's licence text,
to ship with the binary.
"""
import datetime, json, pathlib, sys, uuid

# The licence texts Swift packages ship, recognised by a phrase of each.
LICENCES = [
    ("Apache License", "Version 2.0", "Apache-2.0"),
    ("Permission is hereby granted, free of charge", "", "MIT"),
    ("Redistribution and use in source and binary forms", "Neither the name", "BSD-3-Clause"),
    ("Redistribution and use in source and binary forms", "", "BSD-2-Clause"),
]


def licence(checkout: pathlib.Path):
    """The package's licence as CycloneDX names it, and its text."""
    for name in ["LICENSE.txt", "LICENSE", "LICENSE.md", "COPYING", "LICENCE"]:
        file = checkout / name
        if file.is_file():
            text = file.read_text(errors="replace")
            for phrase, also, spdx in LICENCES:
                if phrase in text and also in text:
                    if spdx == "Apache-2.0" and "Runtime Library Exception" in text:
                        return {"expression": "Apache-2.0 WITH Swift-exception"}, text
                    return {"license": {"id": spdx}}, text
            raise SystemExit(f"{file}: a licence text this script does not recognise; add it to LICENCES")
    raise SystemExit(f"{checkout}: no licence file")


def main():
    version, commit, epoch = sys.argv[1], sys.argv[2], int(sys.argv[3])
    checkouts, output, licences = pathlib.Path(sys.argv[4]), sys.argv[5], pathlib.Path(sys.argv[6])
    resolved = json.loads(pathlib.Path("Package.resolved").read_text())
    components = []
    texts = []
    for pin in sorted(resolved["pins"], key=lambda pin: pin["identity"]):
        name = pin["location"].rstrip("/").removesuffix(".git").split("/")[-1]
        checkout = checkouts / name
        if not checkout.is_dir():
            raise SystemExit(f"{checkout}: not checked out (build first)")
        state = pin["state"]
        if "://" not in pin["location"]:
            raise SystemExit(f"{pin['location']}: only https package URLs make a package URL (purl)")
        version_or_revision = state.get("version", state["revision"])
        purl = f"pkg:swift/{pin['location'].split('://', 1)[1].removesuffix('.git')}@{version_or_revision}"
        declared, text = licence(checkout)
        texts.append(f"{pin['identity']} {version_or_revision} ({pin['location']})\n\n{text.strip()}\n")
        components.append({
            "type": "library",
            "bom-ref": purl,
            "name": pin["identity"],
            "version": version_or_revision,
            "purl": purl,
            "licenses": [declared],
            "externalReferences": [{"type": "vcs", "url": pin["location"]}],
            "properties": [{"name": "swift:revision", "value": state["revision"]}],
        })
    sbom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "serialNumber": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'onboard:' + version + ':' + commit)}",
        "version": 1,
        "metadata": {
            "timestamp": datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "component": {
                "type": "application", "bom-ref": f"onboard@{version}", "name": "onboard", "version": version,
                "properties": [{"name": "git:commit", "value": commit}],
            },
        },
        "components": components,
        "dependencies": [{"ref": f"onboard@{version}", "dependsOn": [c["bom-ref"] for c in components]}],
    }
    pathlib.Path(output).write_text(json.dumps(sbom, indent=2) + "\n")
    licences.write_text(("\n" + "=" * 79 + "\n\n").join(texts))


if __name__ == "__main__":
    main()
