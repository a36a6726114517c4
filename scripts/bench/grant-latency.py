#!/usr/bin/env python3
"""Latency the gateway's access-grant checks add, on loopback, against a baseline in the same run.

Builds the example network plus PARTNERS bench specialists holding GRANTS_PER_PARTNER open grants each (ImagingStudy
and DiagnosticReport of one patient per grant: PARTNERS x GRANTS_PER_PARTNER grants in the configuration), applies it
to the embedded platform with `onboard apply`, points the generated gateway at a static upstream served by the same
nginx, and runs two servers from that one configuration:
  grants    as generated: one specialist's search of its granted patient and read by id pass by its grant (the
            token check reads the grant map and checks the window and the query; the read is checked against the
            stored resource's subject)
  baseline  the same configuration, except that this specialist also holds the unrestricted scope
            system/ImagingStudy.rs: the same requests pass by that scope and no grant is looked at (the read still
            goes through the grant location, forwarded unchecked)
One specialist sends both requests in turn to both servers (one TLS connection each, alternating rounds, so load on
the shared machine hits both alike). Prints p50/p99 per request and server, and what the grant checks add.

Usage: scripts/bench/grant-latency.py ONBOARD_BINARY [PARTNERS] [GRANTS_PER_PARTNER] [REQUESTS_PER_SERVER]
       (from the repository root)
"""
import datetime, os, pathlib, shutil, sys, tempfile

from gateway_bench import (alternate, applied, example_network, free_port, partner_connections, report_added,
                           serve_pair, serving_configuration)

ROOT = pathlib.Path(__file__).resolve().parents[2]


def specialist(index: int, grants: int, start: str, until: str) -> str:
    entries = "\n".join(
        f"    - {{id: g-{number:03d}, patient: Patient/p-{number}, resources: [ImagingStudy, DiagnosticReport], "
        f"interactions: rs, from: \"{start}\", until: \"{until}\"}}" for number in range(grants))
    return f"""apiVersion: onboard/v1
kind: Partner
metadata:
  id: bench-specialist-{index:04d}
  name: Bench Specialist {index:04d}
spec:
  template: specialist
  contacts:
    - {{name: Desk, email: desk@bench-specialist-{index:04d}.example}}
  access:
    scopes: [system/Patient.rs]
    auth: tls_client_auth
  certificate:
    validityDays: 90
  grants:
{entries}
"""


def upstream_server(port: int) -> str:
    """A static FHIR server: an ImagingStudy of Patient/p-0 for reads by id, an empty Bundle for anything else."""
    study = '{"resourceType":"ImagingStudy","id":"s-1","status":"available","subject":{"reference":"Patient/p-0"}}'
    return (f"server {{ listen 127.0.0.1:{port}; default_type application/fhir+json; "
            f"location ~ /ImagingStudy/s-1$ {{ return 200 '{study}'; }} "
            f"location / {{ return 200 '{{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0}}'; }} }}")


def main():
    onboard = os.path.abspath(sys.argv[1])
    partners = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    per_partner = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
    work = pathlib.Path(tempfile.mkdtemp(prefix="grant-bench-"))
    nginx = None
    try:
        upstream, grants_port, base_port = free_port(), free_port(), free_port()
        example_network(work, ROOT, upstream)
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        start = (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        until = (now + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
        for index in range(partners):
            (work / f"Partners/bench-specialist-{index:04d}.yaml").write_text(
                specialist(index, per_partner, start, until))
        seconds = applied(onboard, work, "grant-bench-passphrase")
        generated = serving_configuration(work)
        configured = sum(line.count("|Patient/") for line in generated.split("\n")
                         if line.startswith('    "bench-specialist-') and " ImagingStudy\" " in line)
        partner = f"bench-specialist-{partners // 2:04d}"
        declared = f'    {partner} "system/Patient.rs";'
        if declared not in generated:
            raise SystemExit(f"no scope line for {partner} in the configuration")
        baseline = generated.replace(declared, f'    {partner} "system/Patient.rs system/ImagingStudy.rs";')
        nginx = serve_pair(work, (grants_port, generated), (base_port, baseline), upstream_server(upstream))

        connections, token = partner_connections(
            work, partner,
            "system/ImagingStudy.rs system/ImagingStudy.rs?patient=Patient/p-0 "
            "system/DiagnosticReport.rs?patient=Patient/p-0",
            {"grants": grants_port, "baseline": base_port})
        requests = {"search": ("GET", "/fhir/ImagingStudy?patient=Patient/p-0&_count=20", None),
                    "read": ("GET", "/fhir/ImagingStudy/s-1", None)}
        samples = alternate(connections, requests, token, count)
        load = os.getloadavg()
        print(f"{partners + 5} partners, {configured} grants in the configuration (apply {seconds:.1f} s); "
              f"{len(samples[('grants', 'search')])} requests per kind and server; "
              f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        report_added(samples, requests, "baseline", "grants")
    finally:
        if nginx:
            nginx.terminate()
            nginx.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
