"""An HTTP server on 127.0.0.1 that is busy for a while: it answers 503 (with Retry-After: 0) to the first N requests
of each path, then 200 with the number of requests it has seen. Usage: busy-server.py PORT N"""
import http.server
import sys

PORT, BUSY = int(sys.argv[1]), int(sys.argv[2])
seen: dict[str, int] = {}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        seen[self.path] = seen.get(self.path, 0) + 1
        if seen[self.path] <= BUSY:
            self.send_response(503)
            self.send_header("Retry-After", "0")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = f'{{"requests": {seen[self.path]}}}'.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
