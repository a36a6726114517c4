#!/usr/bin/env python3
"""What a request through the gateway costs as the network grows, measured in one run.

Generates a network of N partners (`onboard-bench generate`, 10% of them suspended) and applies it to the embedded
platform, and applies the example network (5 routed partners) beside it; the partners measured get a key and CSR made
by openssl. Each generated configuration runs in its own nginx (one worker; the token check left out, as in the
baseline of gateway-latency.py, so what is measured is the certificate map and the path rules) in front of a static
upstream. One client keeps a TLS connection per partner and alternates rounds of 100 requests between
  first   the first routed partner (by id) that may search Patient, the request measured
  last    the last such partner, whose entries come (nearly) last in the N-partner configuration
  small   northside-lab in the 5-partner configuration
so load on the shared machine hits all three alike. Prints p50/p99 per partner, the ratios of the medians, and how
long `nginx -t` takes on each configuration.

The static upstream runs in an nginx of its own, so both gateways reach it the same way.

Usage: scripts/bench/gateway-scale.py ONBOARD ONBOARD_BENCH [PARTNERS] [REQUESTS_PER_PARTNER] [KEEP_DIR]
       (from the repository root; with KEEP_DIR the generated and applied networks are kept there and reused by the
       next run, which then measures only)
"""
import http.client, os, pathlib, re, shutil, socket, ssl, subprocess, sys, tempfile, time

from gateway_bench import NGINX, free_port, nginx_main, percentile, point_at_upstream, without_token_check

ROOT = pathlib.Path(__file__).resolve().parents[2]
PASSPHRASE = "gateway-scale-passphrase"


def run(*command, cwd=None):
    env = dict(os.environ, ONBOARD_CA_PASSPHRASE=PASSPHRASE)
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, command))}: exit {done.returncode}\n{done.stderr}")
    return done.stdout



def partner_key(network: pathlib.Path, partner_file: pathlib.Path):
    """A key and CSR for the partner, made as the partner would; the key stays outside the network."""
    partner = partner_file.stem
    run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", str(network / f"{partner}.key"), "-subj", f"/CN={partner}",
        "-out", str(partner_file.with_name(f"{partner}.csr.pem")))
    return partner


def serve_upstream(directory: pathlib.Path, port: int):
    """A static FHIR upstream answering every request with an empty searchset, in an nginx of its own."""
    directory.mkdir(exist_ok=True)
    (directory / "tmp").mkdir(exist_ok=True)
    (directory / "nginx.conf").write_text(f"""
worker_processes 1;
pid nginx.pid;
error_log error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path tmp;
    server {{ listen 127.0.0.1:{port}; location / {{ default_type application/fhir+json;
        return 200 '{{"resourceType":"Bundle","type":"searchset","total":0}}'; }} }}
}}
""")
    return subprocess.Popen([NGINX, "-p", f"{directory}/", "-c", "nginx.conf", "-g", "daemon off;"])


def serve(network: pathlib.Path, port: int):
    """Starts nginx on the network's generated configuration, without the token check; returns the process and how
    long `nginx -t` took."""
    platform = network / "out/platform"
    run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
        "-keyout", "gateway/server.key", "-out", "gateway/server.crt", "-subj", "/CN=localhost", cwd=platform)
    generated = (platform / "gateway/nginx-partners.conf").read_text().replace("listen 8443 ssl;", f"listen 127.0.0.1:{port} ssl;")
    (platform / "gateway/bench.conf").write_text(without_token_check(generated))
    (platform / "nginx-bench.conf").write_text(nginx_main("gateway/bench.conf"))
    (platform / "tmp").mkdir(exist_ok=True)
    start = time.perf_counter()
    run(NGINX, "-t", "-q", "-p", f"{platform}/", "-c", "nginx-bench.conf")
    check = time.perf_counter() - start
    process = subprocess.Popen([NGINX, "-p", f"{platform}/", "-c", "nginx-bench.conf", "-g", "daemon off;"])
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    return process, check


def connection(network: pathlib.Path, partner: str, port: int):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.load_cert_chain(str(network / f"out/kits/{partner}/certificate.pem"), str(network / f"{partner}.key"))
    return http.client.HTTPSConnection("127.0.0.1", port, context=context)


def routed_partners(network: pathlib.Path):
    """Partner ids in the order the configuration lists them (the certificate map)."""
    text = (network / "out/platform/gateway/nginx-partners.conf").read_text()
    block = text.split("map $ssl_client_s_dn $onboard_partner {", 1)[1].split("}", 1)[0]
    return re.findall(r'"CN=([a-z0-9-]+)"', block)


def main():
    onboard, bench = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    partners = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 3000
    keep = pathlib.Path(sys.argv[5]) if len(sys.argv) > 5 else None
    work = keep or pathlib.Path(tempfile.mkdtemp(prefix="gateway-scale-"))
    servers = []
    try:
        big, small = work / "big", work / "small"
        # Routed partners that may search Patient (the request measured), in the order of their ids.
        def measured():
            return sorted((path for path in (big / "Partners").rglob("*.yaml")
                           if "status: suspended" not in (text := path.read_text())
                           and ("system/Patient.rs" in text or "system/Patient.read" in text)),
                          key=lambda path: path.stem)
        upstream = int((work / "upstream-port").read_text()) if (work / "upstream-port").exists() else free_port()
        if not (small / "out").exists():
            work.mkdir(parents=True, exist_ok=True)
            (work / "upstream-port").write_text(str(upstream))
            run(bench, "generate", "--partners", str(partners), "--example", str(ROOT), "--out", str(big))
            small.mkdir()
            for item in ["onboard.yaml", "Partners", "Templates"]:
                (shutil.copytree if (ROOT / item).is_dir() else shutil.copy)(ROOT / item, small / item)
            active = measured()
            partner_key(big, active[0]), partner_key(big, active[-1])
            partner_key(small, small / "Partners/northside-lab.yaml")
            for network in (big, small):
                point_at_upstream(network, upstream)
                run(onboard, "ca", "init", cwd=network)
                started = time.perf_counter()
                run(onboard, "apply", "--auto-approve", cwd=network)
                print(f"applied {network.name}: {time.perf_counter() - started:.1f} s", flush=True)
        active = measured()
        first, last = active[0].stem, active[-1].stem
        big_port, small_port = free_port(), free_port()
        servers.append(serve_upstream(work / "upstream", upstream))
        order = routed_partners(big)
        print(f"measuring {first} (entry {order.index(first) + 1}) and {last} (entry {order.index(last) + 1}) of {len(order)}", flush=True)
        size = (big / "out/platform/gateway/nginx-partners.conf").stat().st_size
        big_server, big_check = serve(big, big_port)
        small_server, small_check = serve(small, small_port)
        servers += [big_server, small_server]
        clients = {"first": connection(big, first, big_port), "last": connection(big, last, big_port),
                   "small": connection(small, "northside-lab", small_port)}
        samples = {name: [] for name in clients}

        def request(name):
            start = time.perf_counter_ns()
            clients[name].request("GET", "/fhir/Patient?name=smith")
            response = clients[name].getresponse()
            response.read()
            elapsed = time.perf_counter_ns() - start
            if response.status != 200:
                raise SystemExit(f"{name}: HTTP {response.status} {response.getheader('WWW-Authenticate')}")
            return elapsed

        for name in clients:  # warm up every connection and worker
            for _ in range(300):
                request(name)
        for _ in range(max(1, count // 100)):
            for name in clients:
                samples[name] += [request(name) for _ in range(100)]

        load = os.getloadavg()
        print(f"{partners} partners ({len(order)} routed; configuration {size / 1e6:.1f} MB, nginx -t {big_check:.2f} s) "
              f"against 5 (nginx -t {small_check:.2f} s); {len(samples['first'])} requests per partner; "
              f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        for name, who in [("first", first), ("last", last), ("small", "northside-lab (5 partners)")]:
            print(f"{name:6} p50 {percentile(samples[name], 0.5):7.1f} µs   p99 {percentile(samples[name], 0.99):7.1f} µs   {who}")
        p50 = {name: percentile(samples[name], 0.5) for name in samples}
        print(f"last/first p50 {p50['last'] / p50['first']:.3f}   last/small p50 {p50['last'] / p50['small']:.3f}   "
              f"(goal: within 1.10)")
    finally:
        for server in servers:
            server.terminate()
            server.wait()
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
