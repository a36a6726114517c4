#!/usr/bin/env python3
"""The live-scale benchmark: N generated partners applied from empty on the test platform (scripts/peers), then a
no-change plan — each beside its floor, measured in the same run on the same servers:

- the write floor: the same FHIR resources as transaction Bundles of 500 entries, the same RFC 7591 registrations
  and the same scope grants (glewlwyd's admin API: scope creation, then GET + PUT of each client), one client at a
  time as the deployment's `maxConcurrency: 1` has it (glewlwyd on SQLite refuses concurrent writes), on freshly
  started servers;
- the read floor: the same paged `_tag` searches (500 per page) and glewlwyd's admin listing of the clients, four in
  flight.

The no-change plan and its read floor are measured three times each, alternated; the medians are reported.

Usage: live-scale.py ONBOARD ONBOARD_BENCH N [N...]     (release builds; prints one JSON line per N)
"""
import http.client
import json
import os
import pathlib
import shutil
import ssl
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

ROOT = pathlib.Path(__file__).resolve().parents[2]
PEERS = ROOT / "scripts/peers/peers"
CONCURRENCY = 4


def peers_env() -> dict:
    subprocess.run(["bash", str(PEERS), "start"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pairs = (line.split("=", 1) for line in (ROOT / ".peers/env").read_text().splitlines() if "=" in line)
    return {key.removeprefix("ONBOARD_PEERS_"): value for key, value in pairs}


class Server:
    """One keep-alive connection per thread to an http(s) origin."""

    def __init__(self, base: str, ca: str, headers: dict):
        self.url = urllib.parse.urlsplit(base)
        self.context = ssl.create_default_context(cafile=ca) if self.url.scheme == "https" else None
        self.headers = headers
        self.requests = 0

    def connect(self):
        if self.context:
            return http.client.HTTPSConnection(self.url.hostname, self.url.port, context=self.context, timeout=60)
        return http.client.HTTPConnection(self.url.hostname, self.url.port, timeout=60)

    def send(self, connection, method: str, path: str, body=None, headers=None):
        self.requests += 1
        data = json.dumps(body).encode() if body is not None else None
        connection.request(method, path, body=data, headers={**self.headers, **(headers or {})})
        response = connection.getresponse()
        text = response.read()
        return response.status, dict(response.getheaders()), text


def login(oauth: Server, connection, env: dict) -> str:
    status, headers, _ = oauth.send(connection, "POST", oauth.url.path + "/auth/",
                                    {"username": env["OAUTH_ADMIN"], "password": env["OAUTH_PASSWORD"]},
                                    {"Content-Type": "application/json"})
    assert status == 200, status
    return headers.get("Set-Cookie", headers.get("set-cookie", "")).split(";")[0]


def fhir_server(env: dict) -> Server:
    return Server(env["FHIR_URL"], env["CA"], {"Authorization": f"Bearer {env['FHIR_TOKEN']}",
                                               "Accept": "application/fhir+json", "Content-Type": "application/fhir+json"})


TYPES = ["Organization", "Endpoint", "OrganizationAffiliation", "CapabilityStatement"]


def read_floor(env: dict) -> tuple:
    """The same searches and the client listing a no-change plan needs; returns (seconds, requests, resources)."""
    fhir = fhir_server(env)
    oauth = Server(env["OAUTH_URL"], env["CA"], {})
    resources = {}

    def search(kind: str):
        connection = fhir.connect()
        path = f"{fhir.url.path}/{kind}?_tag=urn:onboard:deployment%7Cst-marys&_count=500"
        found = []
        while path:
            status, _, text = fhir.send(connection, "GET", path)
            assert status == 200, (status, text[:200])
            bundle = json.loads(text)
            found += [entry["resource"] for entry in bundle.get("entry", [])]
            following = [link["url"] for link in bundle.get("link", []) if link["relation"] == "next"]
            path = urllib.parse.urlsplit(following[0])._replace(scheme="", netloc="").geturl() if following else None
        resources[kind] = found

    def listing(_):
        connection = oauth.connect()
        cookie = login(oauth, connection, env)
        offset = 0
        while True:
            status, _, text = oauth.send(connection, "GET", f"{oauth.url.path}/client/?offset={offset}&limit=500", headers={"Cookie": cookie})
            page = json.loads(text)
            offset += len(page)
            if len(page) < 500:
                return

    started = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        list(pool.map(lambda job: job[0](job[1]), [(search, kind) for kind in TYPES] + [(listing, None)]))
    return time.perf_counter() - started, fhir.requests + oauth.requests, resources


def write_floor(env: dict, resources: dict, clients: list) -> tuple:
    """The same writes onboard's apply made, on fresh servers; returns (seconds, requests)."""
    fhir = fhir_server(env)
    oauth = Server(env["OAUTH_URL"], env["CA"], {"Content-Type": "application/json"})
    register = Server(env["REGISTER_URL"], env["CA"], {"Content-Type": "application/json"})
    started = time.perf_counter()
    entries = []
    for kind in TYPES:  # dependency order, as a transaction each 500
        for resource in resources[kind]:
            resource = {key: value for key, value in resource.items() if key != "meta"} | {"meta": {"tag": resource["meta"]["tag"]}}
            entries.append({"resource": resource, "request": {"method": "PUT", "url": f"{kind}/{resource['id']}"}})
    connection = fhir.connect()
    for start in range(0, len(entries), 500):
        bundle = {"resourceType": "Bundle", "type": "transaction", "entry": entries[start:start + 500]}
        status, _, text = fhir.send(connection, "POST", fhir.url.path, bundle)
        assert status == 200, (status, text[:300])
    admin = oauth.connect()
    cookie = login(oauth, admin, env)
    for scope in sorted({scope for client in clients for scope in client.get("scope", "").split()}):
        oauth.send(admin, "POST", oauth.url.path + "/scope/", {"name": scope, "display_name": scope, "description": "floor",
                                                              "password_required": False, "scheme": {}}, {"Cookie": cookie})

    def one(client: dict):
        connection, admin_connection = register.connect(), oauth.connect()
        body = dict(client) | {"redirect_uris": ["https://127.0.0.1:18443/unused"]}
        status, _, text = register.send(connection, "POST", register.url.path, body)
        assert status in (200, 201), (status, text[:200])
        client_id = json.loads(text)["client_id"]
        status, _, text = oauth.send(admin_connection, "GET", f"{oauth.url.path}/client/{client_id}", headers={"Cookie": cookie})
        record = json.loads(text) | {"scope": client.get("scope", "").split()}
        status, _, _ = oauth.send(admin_connection, "PUT", f"{oauth.url.path}/client/{client_id}", record, {"Cookie": cookie})
        assert status == 200, status

    # glewlwyd on SQLite answers 500 to concurrent writes: one at a time, like the deployment's maxConcurrency: 1.
    for client in clients:
        one(client)
    return time.perf_counter() - started, fhir.requests + oauth.requests + register.requests


def run(onboard: str, bench: str, partners: int) -> dict:
    env = peers_env()
    work = pathlib.Path(f"/tmp/onboard-live-scale-{partners}")
    shutil.rmtree(work, ignore_errors=True)
    subprocess.run([bench, "generate", "--partners", str(partners), "--example", str(ROOT), "--out", str(work)], check=True,
                   stdout=subprocess.DEVNULL)
    shutil.copy(ROOT / "examples/live/onboard.yaml", work / "onboard.yaml")
    (work / ".peers").symlink_to(ROOT / ".peers")
    environment = os.environ | {
        "ONBOARD_CA_PASSPHRASE": "live-scale-passphrase", "ONBOARD_STATE_KEY": "live-scale-7Hq2mZx9Lp4Vr8Ns3Kd6Wb1Jf5Tc0Yg",
        "ONBOARD_FHIR_TOKEN": env["FHIR_TOKEN"], "ONBOARD_OAUTH_ADMIN": env["OAUTH_ADMIN"],
        "ONBOARD_OAUTH_ADMIN_PASSWORD": env["OAUTH_PASSWORD"], "ONBOARD_ACTOR": "live-scale",
    }

    def onboard_run(*arguments) -> tuple:
        started = time.perf_counter()
        result = subprocess.run([onboard, *arguments], cwd=work, env=environment, capture_output=True, text=True)
        return time.perf_counter() - started, result

    subprocess.run([onboard, "ca", "init"], cwd=work, env=environment, check=True, capture_output=True)
    # The apply's progress lines, timestamped as they come: how long each kind of resource took.
    started = time.perf_counter()
    process = subprocess.Popen([onboard, "apply", "--auto-approve"], cwd=work, env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    spans, lines = {}, []
    for line in process.stdout:
        lines.append(line)
        if "] " in line and ": " in line:
            address = line.split("] ", 1)[1].split(": ", 1)[0]
            kind = address.split("/")[2] if address.startswith("partner/") else address
            now = time.perf_counter() - started
            spans.setdefault(kind, [now, now])[1] = now
    process.wait()
    apply_seconds = time.perf_counter() - started
    assert process.returncode == 0, "".join(lines[-30:])
    # The no-change plan and its floor, alternated three times (the machine is shared): medians.
    plans, floors = [], []
    for _ in range(3):
        seconds, result = onboard_run("plan", "--detailed-exitcode", "--verbose")
        assert result.returncode == 0, result.stdout[-2000:]
        plans.append((seconds, result))
        floors.append(read_floor(env))
    plan_seconds, result = sorted(plans, key=lambda run: run[0])[1]
    read_seconds, read_requests, resources = sorted(floors, key=lambda run: run[0])[1]
    plan_requests = int(result.stdout.split("Read the live platform with ")[1].split()[0]) if "Read the live" in result.stdout else None
    plan_phases = next((line for line in result.stdout.splitlines() if line.startswith("time: ")), "")
    clients = [json.loads(line) for line in subprocess.run(
        ["sqlite3", str(work / ".onboard/state.sqlite"), "SELECT document FROM resources WHERE kind = 'client'"],
        check=True, capture_output=True, text=True).stdout.splitlines()]
    env = peers_env()  # fresh, empty servers for the write floor
    write_seconds, write_requests = write_floor(env, resources, clients)
    return {
        "partners": partners, "load_average": os.getloadavg()[0],
        "apply_s": round(apply_seconds, 2), "apply_floor_s": round(write_seconds, 2),
        "apply_ratio": round(apply_seconds / write_seconds, 2), "apply_ms_per_partner": round(1000 * apply_seconds / partners, 1),
        "floor_write_requests": write_requests,
        "plan_s": round(plan_seconds, 2), "plan_floor_s": round(read_seconds, 2), "plan_ratio": round(plan_seconds / read_seconds, 2),
        "plan_requests": plan_requests, "floor_read_requests": read_requests, "plan_phases": plan_phases,
        "plan_runs_s": [round(run[0], 2) for run in plans], "plan_floor_runs_s": [round(run[0], 2) for run in floors],
        "fhir_resources": sum(len(found) for found in resources.values()), "clients": len(clients),
        "apply_phases_s": {kind: round(end - begin, 2) for kind, (begin, end) in spans.items()},
    }


def main() -> None:
    onboard, bench, *counts = sys.argv[1:]
    onboard, bench = os.path.abspath(onboard), os.path.abspath(bench)
    try:
        for count in counts:
            print(json.dumps(run(onboard, bench, int(count))), flush=True)
    finally:
        subprocess.run(["bash", str(PEERS), "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
