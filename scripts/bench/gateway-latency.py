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
import base64, json, os, pathlib, shutil, ssl, subprocess, sys, tempfile, time, http.client

from gateway_bench import NGINX, free_port, nginx_main, percentile, without_token_check

ROOT = pathlib.Path(__file__).resolve().parents[2]


def run(*command, cwd=None, env=None):
    return subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout



def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def main():
    onboard = os.path.abspath(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 4000
    work = pathlib.Path(tempfile.mkdtemp(prefix="gateway-bench-"))
    nginx = None
    try:
        for item in ["onboard.yaml", "Partners", "Templates"]:
            (shutil.copytree if (ROOT / item).is_dir() else shutil.copy)(ROOT / item, work / item)
        upstream, token_port, base_port = free_port(), free_port(), free_port()
        deployment = (work / "onboard.yaml").read_text()
        deployment = deployment.replace("fhirBaseUrl: https://fhir.st-marys.example/r4", f"fhirBaseUrl: http://127.0.0.1:{upstream}/fhir-upstream")
        deployment = deployment.replace("  platform:\n", "  platform:\n    allowLoopbackHttp: true\n")
        deployment = deployment.replace("https://auth.st-marys.example/oauth2/mtls/token", f"http://127.0.0.1:{upstream}/mtls")
        (work / "onboard.yaml").write_text(deployment)
        run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "lab.key",
            "-subj", "/CN=northside-lab", "-out", "Partners/northside-lab.csr.pem", cwd=work)
        env = dict(os.environ, ONBOARD_CA_PASSPHRASE="gateway-bench-passphrase")
        run(onboard, "ca", "init", cwd=work, env=env)
        run(onboard, "apply", "--auto-approve", cwd=work, env=env)
        platform = work / "out/platform"
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
            "-keyout", "gateway/server.key", "-out", "gateway/server.crt", "-subj", "/CN=localhost", cwd=platform)
        # The authorization server's key, as the gateway would have read it from the JWKS.
        run("openssl", "genrsa", "-out", "signing.key", "2048", cwd=work)
        spki = base64.b64encode(bytes.fromhex(run("bash", "-c", "openssl rsa -in signing.key -pubout -outform DER 2>/dev/null | od -An -v -tx1 | tr -d ' \\n'", cwd=work))).decode()
        generated = (platform / "gateway/nginx-partners.conf").read_text().replace(
            'set $onboard_keys "";', f'set $onboard_keys "bench RS256 {spki}";')
        token_config = generated.replace("listen 8443 ssl;", f"listen 127.0.0.1:{token_port} ssl;")
        baseline = without_token_check(generated.replace("listen 8443 ssl;", f"listen 127.0.0.1:{base_port} ssl;"))
        (platform / "gateway/bench.conf").write_text(token_config)
        server_block = "server {" + baseline.split("\nserver {", 1)[1]
        (platform / "gateway/bench-baseline.conf").write_text(server_block)
        static = (f"server {{ listen 127.0.0.1:{upstream}; location / {{ default_type application/fhir+json; "
                  f"return 200 '{{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0}}'; }} }}")
        (platform / "nginx-bench.conf").write_text(
            nginx_main("gateway/bench.conf", "gateway/bench-baseline.conf", servers=static))
        (platform / "tmp").mkdir(exist_ok=True)
        run(NGINX, "-t", "-q", "-p", f"{platform}/", "-c", "nginx-bench.conf")
        nginx = subprocess.Popen([NGINX, "-p", f"{platform}/", "-c", "nginx-bench.conf", "-g", "daemon off;"])
        time.sleep(0.5)

        kit = json.loads((work / "out/kits/northside-lab/client.json").read_text())
        now = int(time.time())
        header = b64url(json.dumps({"alg": "RS256", "kid": "bench", "typ": "at+jwt"}).encode())
        claims = b64url(json.dumps({"iss": "https://auth.st-marys.example", "client_id": kit["client_id"], "sub": kit["client_id"],
                                    "iat": now, "nbf": now, "exp": now + 3600, "scope": kit["scope"]}).encode())
        signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", str(work / "signing.key")],
                                   input=f"{header}.{claims}".encode(), capture_output=True, check=True).stdout
        token = f"{header}.{claims}.{b64url(signature)}"

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
