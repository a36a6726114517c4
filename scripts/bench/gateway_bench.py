"""What the gateway benchmarks share: free ports, the generated configuration without its token check (the baseline
both measure against), an nginx main configuration around included files, and percentiles."""
import socket

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
