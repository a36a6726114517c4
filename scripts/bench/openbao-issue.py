#!/usr/bin/env python3
"""Issuing certificates through onboard's OpenBao CA against OpenBao's own floor, in one run.

  onboard  `onboard-bench openbao-issue`: the code path of an apply's certificate stage — AppRole login, the role
           check, each partner's CSR checked, signed through the role at CONCURRENCY requests in flight, each answer
           checked (issuer, key, subject, exactly the SAN URI, clientAuth only), one inventory write
  floor    the same COUNT sign requests (the same CSRs, names and TTL) sent by one curl process with
           --parallel-max CONCURRENCY over kept-alive connections, with a token obtained beforehand

farm-bench alternates the two (A B A B ...) and reports medians and the ratio pair by pair. Needs the test
platform's OpenBao (`scripts/peers/peers start openbao`) and a release build of onboard-bench.

Usage: scripts/bench/openbao-issue.py ONBOARD_BENCH_BINARY [COUNT] [CONCURRENCY] [RUNS]   (from the repository root)
"""
import json, os, pathlib, ssl, subprocess, sys, tempfile, urllib.request

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ROOT = pathlib.Path(__file__).resolve().parents[2]


def peers() -> dict:
    settings = {}
    for line in (ROOT / ".peers/env").read_text().splitlines():
        key, _, value = line.partition("=")
        settings[key] = value
    return settings


def main() -> None:
    bench = os.path.abspath(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    concurrency = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    env = peers()
    address, cacert = env["ONBOARD_PEERS_OPENBAO_ADDR"], env["ONBOARD_PEERS_CA"]
    work = pathlib.Path(tempfile.mkdtemp(prefix="openbao-issue-"))
    config = []
    context = ssl.create_default_context(cafile=cacert)
    login = urllib.request.Request(
        f"{address}/v1/auth/approle/login", method="POST",
        data=json.dumps({"role_id": env["ONBOARD_PEERS_OPENBAO_ROLE_ID"],
                         "secret_id": env["ONBOARD_PEERS_OPENBAO_SECRET_ID"]}).encode())
    token = json.load(urllib.request.urlopen(login, context=context))["auth"]["client_token"]
    for index in range(count):
        key = ec.generate_private_key(ec.SECP256R1())
        csr = (x509.CertificateSigningRequestBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"p{index}")]))
               .sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM).decode())
        (work / f"p{index}.csr.pem").write_text(csr)
        body = {"csr": csr, "common_name": f"p{index}", "uri_sans": f"urn:onboard:partner:st-marys:p{index}",
                "ttl": f"{90 * 24}h", "exclude_cn_from_sans": True, "format": "pem"}
        (work / f"p{index}.json").write_text(json.dumps(body))
        config += [f'url = "{address}/v1/pki_int/sign/partner"', f'cacert = "{cacert}"',
                   'header = "Content-Type: application/json"', f'header = "X-Vault-Token: {token}"',
                   f'data-binary = "@{work}/p{index}.json"', 'output = "/dev/null"', "next"]
    (work / "curl.config").write_text("\n".join(config[:-1]) + "\n")
    os.chmod(work / "curl.config", 0o600)
    # Once, keeping the answers: the floor must really sign every request.
    (work / "answers").mkdir()
    checked = "\n".join(config[:-1]).replace('output = "/dev/null"', "output = \"" + str(work / "answers") + "/%d.json\"")
    index = iter(range(count))
    checked = "\n".join(line.replace("%d", str(next(index))) if line.startswith("output") else line
                        for line in checked.splitlines())
    (work / "checked.config").write_text(checked + "\n")
    subprocess.run(["curl", "-s", "--parallel", "--parallel-max", str(concurrency), "-K", str(work / "checked.config")],
                   check=True, stderr=subprocess.DEVNULL)
    signed = sum("BEGIN CERTIFICATE" in path.read_text() for path in (work / "answers").iterdir())
    if signed != count:
        sys.exit(f"the floor's curl run signed {signed} of {count}")
    print(f"load average before: {os.getloadavg()}", flush=True)
    environment = dict(os.environ, OPENBAO_ADDR=address, OPENBAO_CACERT=cacert,
                       OPENBAO_ROLE_ID=env["ONBOARD_PEERS_OPENBAO_ROLE_ID"],
                       OPENBAO_SECRET_ID=env["ONBOARD_PEERS_OPENBAO_SECRET_ID"])
    floor = f"curl -s --parallel --parallel-max {concurrency} -K {work}/curl.config"
    subprocess.run(
        ["farm-bench", "-n", str(runs), "--timeout", "1200", "--vs", floor, "--",
         bench, "openbao-issue", "--csrs", str(work), "--count", str(count), "--concurrency", str(concurrency)],
        env=environment, check=True)
    print(f"load average after: {os.getloadavg()}", flush=True)


if __name__ == "__main__":
    main()
