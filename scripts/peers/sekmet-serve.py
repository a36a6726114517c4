"""Starts the test FHIR server (sekmet-fhir) for onboard's integration tests.

sekmet has no search parameters for OrganizationAffiliation and CapabilityStatement; onboard needs `identifier`, `_tag`
and `url` searches on them (conditional update, ownership checks), so they are added to its table before it serves.
Usage: sekmet-serve.py SETTINGS_YAML
"""
import sys

from sekmet.config import load_settings
from sekmet.fhir import search_params
from sekmet.fhir.search_params import SearchParam

EXTRA = {
    "OrganizationAffiliation": [
        SearchParam("identifier", "token", ("identifier",)),
        SearchParam("active", "token", ("active",)),
        SearchParam("primary-organization", "reference", ("organization",)),
        SearchParam("participating-organization", "reference", ("participatingOrganization",)),
        SearchParam("endpoint", "reference", ("endpoint",)),
    ],
    "CapabilityStatement": [
        SearchParam("url", "uri", ("url",)),
        SearchParam("status", "token", ("status",)),
        SearchParam("name", "string", ("name",)),
    ],
}


def main() -> None:
    for resource_type, params in EXTRA.items():
        table = search_params.PARAMS.setdefault(resource_type, {})
        for param in params:
            table.setdefault(param.name, param)
    settings = load_settings(sys.argv[1])
    import uvicorn

    from sekmet.main import create_app

    uvicorn.run(
        create_app(settings), host=settings.host, port=settings.port, log_level="warning",
        ssl_certfile=settings.tls_certfile, ssl_keyfile=settings.tls_keyfile,
    )


if __name__ == "__main__":
    main()
