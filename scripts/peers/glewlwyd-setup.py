"""Configures a fresh glewlwyd for onboard's integration tests, through its admin API.

Adds the OpenID Connect plugin instance `oidc` with what SMART Backend Services clients registered by RFC 7591 need:
dynamic registration and RFC 7592 management, client_credentials for non-OIDC clients, private_key_jwt client
assertions checked against the client's registered `jwks`/`jwks_uri`, and 5-minute access tokens.
Usage: glewlwyd-setup.py API_URL ADMIN_USER ADMIN_PASSWORD ISSUER
"""
import http.cookiejar
import json
import secrets
import sys
import urllib.request


def main() -> None:
    api, user, password, issuer = sys.argv[1:5]
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def call(method: str, path: str, body: dict) -> None:
        request = urllib.request.Request(
            api + path, data=json.dumps(body).encode(), method=method, headers={"Content-Type": "application/json"}
        )
        with opener.open(request, timeout=10) as response:
            if response.status != 200:
                raise SystemExit(f"glewlwyd {method} {path}: HTTP {response.status}")

    call("POST", "/auth/", {"username": user, "password": password})
    call("POST", "/mod/plugin/", {
        "module": "oidc", "name": "oidc", "display_name": "OpenID Connect", "enabled": True,
        "parameters": {
            "iss": issuer, "jwt-type": "sha", "jwt-key-size": "256", "key": secrets.token_urlsafe(32),
            "code-duration": 600, "refresh-token-duration": 1209600, "access-token-duration": 300,
            "allow-non-oidc": True, "auth-type-client-enabled": True, "auth-type-code-enabled": True,
            "auth-type-refresh-enabled": True, "request-parameter-allow": True,
            # The test partners' jwks_uri servers use the test platform's CA, which glewlwyd does not know.
            "request-uri-allow-https-non-secure": True,
            # RFC 8705 tls_client_auth: the gateway in front verifies the certificate and forwards it in a header.
            "client-cert-source": "header", "client-cert-header-name": "SSL_CLIENT_CERT",
            "register-client-allowed": True, "register-client-management-allowed": True,
            "client-pubkey-parameter": "pubkey", "client-jwks-parameter": "jwks", "client-jwks_uri-parameter": "jwks_uri",
            "client-enc-parameter": "enc", "client-alg-parameter": "alg", "client-alg_kid-parameter": "alg_kid",
        },
    })


if __name__ == "__main__":
    main()
