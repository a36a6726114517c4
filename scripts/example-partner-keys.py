#!/usr/bin/env python3
"""Regenerates the public CSR and JWKS files of the shipped example partners.

The private keys are created in memory and discarded: the example network in git holds public material only,
exactly as a real partner would send it (a CSR, a public JWKS).
Usage: scripts/example-partner-keys.py  (from the repository root)
"""
import base64
import json
import pathlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

# partner id -> (organization name, writes CSR, writes JWKS)
PARTNERS = {
    "northside-lab": ("Northside Diagnostic Laboratory", True, True),
    "riverside-clinic": ("Riverside Family Clinic", True, False),
    "harbor-imaging": ("Harbor Imaging Center", True, False),
    "okafor-cardiology": ("Dr. Okafor Cardiology Practice", False, True),
    "westfield-clinic": ("Westfield Community Clinic", True, True),
    "valley-pathology": ("Valley Pathology Services", True, True),
}


def b64url(number: int, size: int) -> str:
    return base64.urlsafe_b64encode(number.to_bytes(size, "big")).rstrip(b"=").decode()


def main() -> None:
    for partner, (name, csr, jwks) in PARTNERS.items():
        folder = pathlib.Path("Partners")
        if csr:
            key = ec.generate_private_key(ec.SECP256R1())
            request = (
                x509.CertificateSigningRequestBuilder()
                .subject_name(x509.Name([
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
                    x509.NameAttribute(NameOID.COMMON_NAME, partner),
                ]))
                .sign(key, hashes.SHA256())
            )
            (folder / f"{partner}.csr.pem").write_bytes(request.public_bytes(serialization.Encoding.PEM))
        if jwks:
            key = ec.generate_private_key(ec.SECP384R1())
            numbers = key.public_key().public_numbers()
            document = {"keys": [{
                "kty": "EC", "crv": "P-384", "use": "sig", "alg": "ES384", "kid": f"{partner}-2026",
                "x": b64url(numbers.x, 48), "y": b64url(numbers.y, 48),
            }]}
            (folder / f"{partner}.jwks.json").write_text(json.dumps(document, indent=2) + "\n")


if __name__ == "__main__":
    main()
