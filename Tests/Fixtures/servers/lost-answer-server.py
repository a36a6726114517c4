"""An HTTP server on 127.0.0.1 that loses its first answer to each path: it reads the request, then closes the
connection without answering; later requests to the path get 200 with the number of requests seen.
Usage: lost-answer-server.py PORT"""
import http.server
import sys

PORT = int(sys.argv[1])
seen: dict[str, int] = {}


class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        seen[self.path] = seen.get(self.path, 0) + 1
        if seen[self.path] == 1:
            self.close_connection = True
            self.connection.shutdown(2)
            return
        body = f'{{"requests": {seen[self.path]}}}'.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = answer

    def log_message(self, *args) -> None:
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
