"""What the gateway benchmarks share: free ports, the generated configuration without its token check (the baseline
both measure against), an nginx main configuration around included files, and percentiles."""
import base64, hashlib, http.client, json, os, pathlib, shutil, socket, ssl, subprocess, time

NJS = "/usr/lib/nginx/modules/ngx_http_js_module.so"
NGINX = "/usr/sbin/nginx"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def without_token_check(config: str) -> str:
    """The generated configuration with the njs token check taken out: certificate map and path rules only."""
    return "\n".join(line for line in config.split("\n")
                     if "auth_request" not in line and "$onboard_client_certificate" not in line
                     and not line.startswith(("js_import", "js_set")))


def nginx_main(*includes: str, servers: str = "") -> str:
    """An nginx.conf for one worker under the current prefix: njs loaded, `servers` inline, then `includes`."""
    lines = "\n".join(f"    include {include};" for include in includes)
    return f"""
load_module {NJS};
worker_processes 1;
pid nginx.pid;
error_log nginx-error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path tmp;
    proxy_temp_path tmp;
    {servers}
{lines}
}}
"""


def percentile(values, fraction):
    """The value at `fraction` of the sorted nanosecond samples, in microseconds."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] / 1000


def run(*command, cwd=None, env=None):
    return subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def example_network(work: pathlib.Path, root: pathlib.Path, upstream: int):
    """The example network copied into `work`, its FHIR server and mTLS token endpoint pointed at `upstream`."""
    for item in ["onboard.yaml", "Partners", "Templates"]:
        (shutil.copytree if (root / item).is_dir() else shutil.copy)(root / item, work / item)
    point_at_upstream(work, upstream)


def point_at_upstream(network: pathlib.Path, upstream: int):
    """The network's FHIR server and mTLS token endpoint on loopback at `upstream` (plain http allowed there)."""
    deployment = (network / "onboard.yaml").read_text()
    deployment = deployment.replace("fhirBaseUrl: https://fhir.st-marys.example/r4",
                                    f"fhirBaseUrl: http://127.0.0.1:{upstream}/fhir-upstream")
    deployment = deployment.replace("  platform:\n", "  platform:\n    allowLoopbackHttp: true\n")
    deployment = deployment.replace("https://auth.st-marys.example/oauth2/mtls/token", f"http://127.0.0.1:{upstream}/mtls")
    (network / "onboard.yaml").write_text(deployment)


def applied(onboard: str, work: pathlib.Path, passphrase: str) -> float:
    """`onboard ca init` then `onboard apply` of the network in `work` (embedded platform); the apply's seconds."""
    env = dict(os.environ, ONBOARD_CA_PASSPHRASE=passphrase)
    run(onboard, "ca", "init", cwd=work, env=env)
    started = time.time()
    run(onboard, "apply", "--auto-approve", cwd=work, env=env)
    return time.time() - started


def serve_pair(work: pathlib.Path, measured, baseline, servers: str) -> subprocess.Popen:
    """One nginx under the applied network's out/platform serving two gateways from the generated configuration:
    `measured` whole, and the server block of `baseline` (each `(port, configuration)`, listening on 127.0.0.1:port),
    beside `servers` (the upstream). Checked with `nginx -t`, then started; the caller stops it."""
    platform = work / "out/platform"

    def listening(port, configuration):
        return configuration.replace("listen 8443 ssl;", f"listen 127.0.0.1:{port} ssl;")

    (platform / "gateway/measured.conf").write_text(listening(*measured))
    (platform / "gateway/baseline.conf").write_text("server {" + listening(*baseline).split("\nserver {", 1)[1])
    (platform / "nginx-bench.conf").write_text(
        nginx_main("gateway/measured.conf", "gateway/baseline.conf", servers=servers))
    (platform / "tmp").mkdir(exist_ok=True)
    run(NGINX, "-t", "-q", "-p", f"{platform}/", "-c", "nginx-bench.conf")
    process = subprocess.Popen([NGINX, "-p", f"{platform}/", "-c", "nginx-bench.conf", "-g", "daemon off;"])
    time.sleep(0.5)
    return process


def serving_configuration(work: pathlib.Path) -> str:
    """After an apply: a server certificate for the gateway, an RS256 signing key standing for the authorization
    server's (`work/signing.key`), and the generated configuration with that key where a live apply writes the keys."""
    platform = work / "out/platform"
    run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
        "-keyout", "gateway/server.key", "-out", "gateway/server.crt", "-subj", "/CN=localhost", cwd=platform)
    run("openssl", "genrsa", "-out", "signing.key", "2048", cwd=work)
    spki = base64.b64encode(bytes.fromhex(run(
        "bash", "-c", "openssl rsa -in signing.key -pubout -outform DER 2>/dev/null | od -An -v -tx1 | tr -d ' \\n'",
        cwd=work))).decode()
    return (platform / "gateway/nginx-partners.conf").read_text().replace(
        'set $onboard_keys "";', f'set $onboard_keys "bench RS256 {spki}";')


def static_upstream(port: int) -> str:
    """An nginx server answering every request 200 with an empty search Bundle."""
    return (f"server {{ listen 127.0.0.1:{port}; location / {{ default_type application/fhir+json; "
            f"return 200 '{{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0}}'; }} }}")


def access_token(work: pathlib.Path, claims: dict) -> str:
    """An access token signed with `work/signing.key` (RS256, as glewlwyd signs), valid for an hour."""
    now = int(time.time())
    header = b64url(json.dumps({"alg": "RS256", "kid": "bench", "typ": "at+jwt"}).encode())
    body = b64url(json.dumps({"iss": "https://auth.st-marys.example", "iat": now, "nbf": now, "exp": now + 3600,
                              **claims}).encode())
    signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", str(work / "signing.key")],
                               input=f"{header}.{body}".encode(), capture_output=True, check=True).stdout
    return f"{header}.{body}.{b64url(signature)}"


def partner_connections(work: pathlib.Path, partner: str, scope, servers: dict):
    """For a partner of the applied network: its key out of its kit, one TLS connection per server (name → port)
    with its certificate, and an access token bound to that certificate (`scope`: the token's scope claim, or None
    for the scope its kit names)."""
    kit = work / f"out/kits/{partner}"
    run("openssl", "pkcs12", "-in", "client.p12", "-nocerts", "-nodes", "-passin", "file:client.p12.passphrase",
        "-out", str(work / "partner.key"), cwd=kit)
    client = json.loads((kit / "client.json").read_text())
    der = ssl.PEM_cert_to_DER_cert((kit / "certificate.pem").read_text())
    token = access_token(work, {
        "client_id": client["client_id"], "sub": client["client_id"], "scope": scope or client["scope"],
        "cnf": {"x5t#S256": b64url(hashlib.sha256(der).digest())}})
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.load_cert_chain(str(kit / "certificate.pem"), str(work / "partner.key"))
    connections = {name: http.client.HTTPSConnection("127.0.0.1", port, context=context)
                   for name, port in servers.items()}
    return connections, token


def alternate(connections: dict, requests: dict, token: str, count: int) -> dict:
    """Sends every request (kind → (method, path, body or None)) to every server in alternating rounds of 25, after
    100 warm-up requests each, so load on the shared machine hits all alike; nanosecond samples per (server, kind).
    Any answer but 200 stops the run."""
    def request(server, kind):
        method, path, payload = requests[kind]
        headers = {"Authorization": f"Bearer {token}"}
        if payload:
            headers["Content-Type"] = "application/fhir+json"
        start = time.perf_counter_ns()
        connections[server].request(method, path, body=payload, headers=headers)
        response = connections[server].getresponse()
        answer = response.read()
        elapsed = time.perf_counter_ns() - start
        if response.status != 200:
            raise SystemExit(f"{server} {kind}: HTTP {response.status} {answer[:300]!r}")
        return elapsed

    samples = {(server, kind): [] for server in connections for kind in requests}
    for server in connections:
        for kind in requests:
            for _ in range(100):
                request(server, kind)
    for _ in range(max(1, count // 50)):
        for server in connections:
            for kind in requests:
                samples[(server, kind)] += [request(server, kind) for _ in range(25)]
    return samples


def report_added(samples: dict, kinds, baseline: str, measured: str):
    """p50/p99 per kind for both servers, and what `measured` adds over `baseline`."""
    for kind in kinds:
        for server in [baseline, measured]:
            values = samples[(server, kind)]
            print(f"{kind:8} {server:8} p50 {percentile(values, 0.5):8.1f} µs   p99 {percentile(values, 0.99):8.1f} µs")
        added50 = percentile(samples[(measured, kind)], 0.5) - percentile(samples[(baseline, kind)], 0.5)
        added99 = percentile(samples[(measured, kind)], 0.99) - percentile(samples[(baseline, kind)], 0.99)
        print(f"{kind:8} added    p50 {added50:8.1f} µs   p99 {added99:8.1f} µs")
