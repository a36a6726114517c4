"""A FHIR server on 127.0.0.1 that never finishes a search: every GET is answered, after DELAY seconds, with an empty
searchset Bundle whose `next` link is one more page. It answers, so it is never taken for a dead server — only a
deadline ends a refresh against it. Usage: endless-pages.py PORT DELAY"""
import http.server
import json
import sys
import time
from urllib.parse import parse_qs, urlsplit

PORT, DELAY = int(sys.argv[1]), float(sys.argv[2])


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        time.sleep(DELAY)
        url = urlsplit(self.path)
        page = int(parse_qs(url.query).get("page", ["0"])[0]) + 1
        body = json.dumps({
            "resourceType": "Bundle", "type": "searchset", "entry": [],
            "link": [{"relation": "next", "url": f"http://127.0.0.1:{PORT}{url.path}?page={page}"}],
        }).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/fhir+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
