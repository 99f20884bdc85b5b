#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# A stand-in for snapd's REST API on a Unix socket: GET /v2/snaps/<name> answers with
# DIR/<name>.json (HTTP status from DIR/<name>.status, default 200) or snapd's 404 body.
# Usage: snapd.py SOCKET DIR [--chunked]
import http.server
import os
import socketserver
import sys

sock_path, answers = sys.argv[1], sys.argv[2]
chunked = "--chunked" in sys.argv[3:]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def address_string(self):
        return "unix"

    def log_message(self, *args):
        pass

    def do_GET(self):
        name = self.path.split("?")[0].rsplit("/", 1)[-1]
        path = os.path.join(answers, name + ".json")
        if os.path.exists(path):
            body = open(path, "rb").read()
            status_file = os.path.join(answers, name + ".status")
            status = int(open(status_file).read()) if os.path.exists(status_file) else 200
        else:
            status = 404
            body = (b'{"type":"error","status-code":404,"status":"Not Found","result":'
                    b'{"message":"snap not installed","kind":"snap-not-found","value":"'
                    + name.encode() + b'"}}')
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(0, len(body), 100):
                part = body[i:i + 100]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


if os.path.exists(sock_path):
    os.unlink(sock_path)
with Server(sock_path, Handler) as server:
    server.serve_forever()
