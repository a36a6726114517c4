"""Configures a fresh glewlwyd for onboard's integration tests, through its admin API.

Adds the OpenID Connect plugin instance `oidc` with what SMART Backend Services clients registered by RFC 7591 need:
dynamic registration and RFC 7592 management, the registered `software_id` kept in the client store, client_credentials for non-OIDC clients, private_key_jwt client
assertions checked against the client's registered `jwks`/`jwks_uri`, RFC 8705 certificate authentication on the
`mtls/` endpoint aliases (the certificate forwarded by the gateway in a header), and 5-minute access tokens signed
with an asymmetric key the gateway can verify from the published JWKS.
Usage: glewlwyd-setup.py setup API_URL ADMIN_USER ADMIN_PASSWORD ISSUER KEY_PEM PUBLIC_PEM rsa|ecdsa
       glewlwyd-setup.py rotate API_URL ADMIN_USER ADMIN_PASSWORD KEY_PEM PUBLIC_PEM rsa|ecdsa
"""
import http.cookiejar
import json
import pathlib
import ssl
import sys
import urllib.request

# glewlwyd serves TLS with the test platform's CA (scripts/peers/peers writes it to .peers/tls/ca.pem).
CA = pathlib.Path(__file__).resolve().parents[2] / ".peers/tls/ca.pem"


def main() -> None:
    mode = sys.argv[1]
    if mode == "setup":
        api, user, password, issuer, key, public, kind = sys.argv[2:9]
    else:
        api, user, password, key, public, kind = sys.argv[2:8]
    signing = {"jwt-type": kind, "jwt-key-size": "256", "key": open(key).read(), "cert": open(public).read()}
    jar = http.cookiejar.CookieJar()
    context = ssl.create_default_context(cafile=str(CA)) if CA.exists() else None
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), urllib.request.HTTPSHandler(context=context))

    def call(method: str, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(api + path, data=data, method=method, headers={"Content-Type": "application/json"})
        with opener.open(request, timeout=10) as response:
            if response.status != 200:
                raise SystemExit(f"glewlwyd {method} {path}: HTTP {response.status}")
            text = response.read()
            return json.loads(text) if text.strip().startswith(b"{") else {}

    call("POST", "/auth/", {"username": user, "password": password})
    if mode == "rotate":
        # A new signing key: the plugin is reloaded (disable, enable) so the JWKS publishes it at once.
        plugin = call("GET", "/mod/plugin/oidc")
        plugin["parameters"].update(signing)
        call("PUT", "/mod/plugin/oidc", plugin)
        call("PUT", "/mod/plugin/oidc/disable")
        call("PUT", "/mod/plugin/oidc/enable")
        return
    # onboard finds the clients an interrupted apply registered by their software_id, which glewlwyd's client store
    # keeps only when its data-format names the property.
    module = call("GET", "/mod/client/database")
    module["parameters"]["data-format"]["software_id"] = {"multiple": False, "read": True, "write": True}
    call("PUT", "/mod/client/database", module)
    call("PUT", "/mod/client/database/reset")
    call("POST", "/mod/plugin/", {
        "module": "oidc", "name": "oidc", "display_name": "OpenID Connect", "enabled": True,
        "parameters": {
            "iss": issuer, **signing,
            "code-duration": 600, "refresh-token-duration": 1209600, "access-token-duration": 300,
            "allow-non-oidc": True, "auth-type-client-enabled": True, "auth-type-code-enabled": True,
            "auth-type-refresh-enabled": True, "request-parameter-allow": True,
            # The test partners' jwks_uri servers use the test platform's CA, which glewlwyd does not know.
            "request-uri-allow-https-non-secure": True,
            # RFC 8705 tls_client_auth: the gateway in front verifies the certificate and forwards it in a header,
            # honoured only on the mtls/ aliases (the gateway's /oauth2/token), never on the plain token endpoint.
            "client-cert-source": "header", "client-cert-header-name": "X-Client-Certificate",
            "client-cert-use-endpoint-aliases": True,
            "register-client-allowed": True, "register-client-management-allowed": True,
            "client-pubkey-parameter": "pubkey", "client-jwks-parameter": "jwks", "client-jwks_uri-parameter": "jwks_uri",
            "client-enc-parameter": "enc", "client-alg-parameter": "alg", "client-alg_kid-parameter": "alg_kid",
        },
    })


if __name__ == "__main__":
    main()
