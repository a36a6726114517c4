#!/usr/bin/env python3
"""Latency the gateway's token check adds, measured on loopback against a baseline in the same run.

Builds the example network's embedded gateway with `onboard apply` (a partner key and CSR made by openssl), points it
at a static upstream served by the same nginx, and runs two servers from that one generated configuration:
  token    the configuration as generated: certificate, path rules and the njs token check (RS256, as glewlwyd signs)
  baseline the same with the auth_request lines removed: certificate and path rules only
The client keeps one TLS connection per server and alternates rounds between them, so load on the shared machine hits
both alike. Prints p50/p99 per request and the difference.

Usage: scripts/bench/gateway-latency.py ONBOARD_BINARY [REQUESTS_PER_SERVER]   (from the repository root)
"""
import json, os, pathlib, shutil, ssl, sys, tempfile, time, http.client

from gateway_bench import (access_token, applied, example_network, free_port, percentile, run, serve_pair,
                           serving_configuration, static_upstream, without_token_check)

ROOT = pathlib.Path(__file__).resolve().parents[2]


def main():
    onboard = os.path.abspath(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 4000
    work = pathlib.Path(tempfile.mkdtemp(prefix="gateway-bench-"))
    nginx = None
    try:
        upstream, token_port, base_port = free_port(), free_port(), free_port()
        example_network(work, ROOT, upstream)
        run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "lab.key",
            "-subj", "/CN=northside-lab", "-out", "Partners/northside-lab.csr.pem", cwd=work)
        applied(onboard, work, "gateway-bench-passphrase")
        generated = serving_configuration(work)
        nginx = serve_pair(
            work, (token_port, generated), (base_port, without_token_check(generated)), static_upstream(upstream))

        kit = json.loads((work / "out/kits/northside-lab/client.json").read_text())
        token = access_token(work, {"client_id": kit["client_id"], "sub": kit["client_id"], "scope": kit["scope"]})

        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        context.load_cert_chain(str(work / "out/kits/northside-lab/certificate.pem"), str(work / "lab.key"))
        connections = {name: http.client.HTTPSConnection("127.0.0.1", port, context=context)
                       for name, port in [("token", token_port), ("baseline", base_port)]}
        headers = {"Authorization": f"Bearer {token}"}
        samples = {"token": [], "baseline": []}

        def request(name):
            start = time.perf_counter_ns()
            connections[name].request("GET", "/fhir/Patient?name=smith", headers=headers)
            response = connections[name].getresponse()
            response.read()
            elapsed = time.perf_counter_ns() - start
            if response.status != 200:
                raise SystemExit(f"{name}: HTTP {response.status} {response.getheader('WWW-Authenticate')}")
            return elapsed

        for name in samples:  # warm up both connections and workers
            for _ in range(200):
                request(name)
        rounds = max(1, count // 100)
        for _ in range(rounds):
            for name in samples:
                samples[name] += [request(name) for _ in range(100)]

        load = os.getloadavg()
        print(f"requests per server: {len(samples['token'])}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        for name in ["baseline", "token"]:
            print(f"{name:8} p50 {percentile(samples[name], 0.5):8.1f} µs   p99 {percentile(samples[name], 0.99):8.1f} µs")
        print(f"added    p50 {percentile(samples['token'], 0.5) - percentile(samples['baseline'], 0.5):8.1f} µs   "
              f"p99 {percentile(samples['token'], 0.99) - percentile(samples['baseline'], 0.99):8.1f} µs")
    finally:
        if nginx:
            nginx.terminate()  # SIGTERM: the master stops its workers too (SIGKILL would orphan them)
            nginx.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
