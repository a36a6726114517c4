#!/usr/bin/env python3
"""Latency the gateway's referral-route checks add, on loopback, against a baseline in the same run.

Builds the example network plus PARTNERS satellite clinics, each with three referral routes (the hospital's cardiology
and radiology, okafor-cardiology's consults: 3 x PARTNERS routes in the configuration), applies it to the embedded
platform with `onboard apply`, points the generated gateway at a static upstream served by the same nginx, and runs
two servers from that one configuration:
  routes    as generated: certificate, path rules, the njs token check, and the referral handler for Task,
            ServiceRequest and referral Bundles (it reads the body and checks the routes, then passes the request on)
  baseline  the same without the referral locations: those requests go through the plain FHIR location (certificate,
            path rules, token check)
One clinic sends two requests in turn to both servers (one TLS connection each, alternating rounds, so load on the
shared machine hits both alike): a referral (a ~10 KB transaction Bundle: ServiceRequest + Task) and the search that
follows it (`Task?requester=Organization/<its id>`). Prints p50/p99 per request and server, and what the checks add.

Usage: scripts/bench/referral-latency.py ONBOARD_BINARY [PARTNERS] [REQUESTS_PER_SERVER]   (from the repository root)
"""
import json, os, pathlib, shutil, sys, tempfile

from gateway_bench import (alternate, applied, example_network, free_port, partner_connections, report_added,
                           serve_pair, serving_configuration, static_upstream)

ROOT = pathlib.Path(__file__).resolve().parents[2]
ROUTES = ["cardiology", "radiology", "okafor-cardiology-consults"]


def clinic(index: int) -> str:
    return f"""apiVersion: onboard/v1
kind: Partner
metadata:
  id: bench-clinic-{index:04d}
  name: Bench Clinic {index:04d}
spec:
  template: satellite-clinic
  contacts:
    - {{name: Desk, email: desk@bench-clinic-{index:04d}.example}}
  access:
    scopes: [system/Patient.rs, system/ServiceRequest.crs, system/Task.crus]
  certificate:
    validityDays: 90
  referrals:
    sendTo: [{", ".join(ROUTES)}]
"""


def without_referral_routes(config: str) -> str:
    """The configuration without the referral locations: Task, ServiceRequest and Bundles take the plain route."""
    kept, skipping = [], False
    for line in config.split("\n"):
        if line.startswith(("    location ~ ^/fhir/(?:Task|ServiceRequest)", "    location = /fhir/ {")):
            skipping = True
        if not skipping:
            kept.append(line)
        elif line == "    }":
            skipping = False
    return "\n".join(kept)


def referral(partner: str, service: str) -> str:
    requester = {"reference": f"Organization/{partner}"}
    request = "urn:uuid:7d0f3c5e-0000-4000-8000-000000000001"
    service_request = {
        "resourceType": "ServiceRequest", "status": "active", "intent": "order", "code": {"text": "Consultation"},
        "subject": {"reference": "Patient/p-1"}, "requester": requester,
        "performer": [{"reference": f"HealthcareService/{service}"}],
        "note": [{"text": "x" * 9000}],
    }
    task = {
        "resourceType": "Task", "status": "requested", "intent": "order",
        "code": {"coding": [{"system": "http://hl7.org/fhir/CodeSystem/task-code", "code": "fulfill"}]},
        "focus": {"reference": request}, "for": {"reference": "Patient/p-1"}, "requester": requester,
        "owner": {"reference": f"HealthcareService/{service}"},
    }
    return json.dumps({"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": request, "resource": service_request, "request": {"method": "POST", "url": "ServiceRequest"}},
        {"resource": task, "request": {"method": "POST", "url": "Task"}},
    ]})


def main():
    onboard = os.path.abspath(sys.argv[1])
    partners = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    work = pathlib.Path(tempfile.mkdtemp(prefix="referral-bench-"))
    nginx = None
    try:
        upstream, routes_port, base_port = free_port(), free_port(), free_port()
        example_network(work, ROOT, upstream)
        for index in range(partners):
            (work / f"Partners/bench-clinic-{index:04d}.yaml").write_text(clinic(index))
        seconds = applied(onboard, work, "referral-bench-passphrase")
        generated = serving_configuration(work)
        configured = sum(1 for line in generated.split("\n") if line.startswith("    bench-clinic-") and "cardiology" in line)
        nginx = serve_pair(
            work, (routes_port, generated), (base_port, without_referral_routes(generated)), static_upstream(upstream))

        partner = f"bench-clinic-{partners // 2:04d}"
        connections, token = partner_connections(
            work, partner, None, {"routes": routes_port, "baseline": base_port})
        body = referral(partner, ROUTES[2])
        requests = {
            "referral": ("POST", "/fhir/", body),
            "search": ("GET", f"/fhir/Task?requester=Organization/{partner}&status=requested", None),
        }
        samples = alternate(connections, requests, token, count)
        load = os.getloadavg()
        print(f"{partners + 5} partners, {configured * len(ROUTES)} routes in the configuration "
              f"(apply {seconds:.1f} s); referral Bundle {len(body)} bytes; "
              f"{len(samples[('routes', 'referral')])} requests per kind and server; "
              f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        report_added(samples, requests, "baseline", "routes")
    finally:
        if nginx:
            nginx.terminate()
            nginx.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
