"""A plain-HTTP proxy on 127.0.0.1 in front of an HTTPS server that loses one answer: the first request with the given
method is forwarded and carried out upstream, then the connection to the client is closed without the answer — as
a network failure after the server acted. Everything else is passed through.
Usage: lossy-proxy.py PORT UPSTREAM_ORIGIN CA_FILE METHOD   (UPSTREAM_ORIGIN like https://127.0.0.1:18091)"""
import http.client
import http.server
import ssl
import sys
import threading
import urllib.parse

PORT, UPSTREAM, CA, LOSE = int(sys.argv[1]), urllib.parse.urlparse(sys.argv[2]), sys.argv[3], sys.argv[4]
CONTEXT = ssl.create_default_context(cafile=CA)
CONTEXT.check_hostname = False
lost = threading.Event()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection", "content-length")}
        upstream = http.client.HTTPSConnection(UPSTREAM.hostname, UPSTREAM.port, context=CONTEXT, timeout=20)
        upstream.request(self.command, self.path, body=body, headers=headers)
        answer = upstream.getresponse()
        data = answer.read()
        if self.command == LOSE and not lost.is_set():
            lost.set()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_PUT = do_POST = do_DELETE = forward

    def log_message(self, *args) -> None:
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
