#!/usr/bin/env python3
"""http-peer: a real HTTP/1.1 server (Python's http.server, with ssl for
https) that the HTTP client's and the HTTP drivers' tests run on a loopback
port. The path chooses the behaviour:

  /file/NAME          200, the file DIR/NAME as it is at this request
                      (text/plain; version=0.0.4, the Prometheus text format)
  /big/N              200 with N bytes
  /slow               headers (Content-Length 1000), then a byte every 100 ms
  /partial            Content-Length 1000, 10 bytes, then the connection closes
  /close              200 "closing", then the server closes (Connection: close)
  /redirect/same      302 to /file/ok.txt
  /redirect/absolute  302 to SCHEME://127.0.0.1:PORT/file/ok.txt
  /redirect/other     302 to SCHEME://127.0.0.2:PORT/file/ok.txt (another host)
  /redirect/loop      302 to /redirect/loop
  /status/N           status N, a short body
  /auth/NAME          401 unless Basic auth is USER:PASSWORD, then as /file/NAME
  /echo               200 "METHOD CONTENT-TYPE X-TOKEN BODY" (the request's), with
                      header X-Echo: yes

  http_peer.py --port P [--address A] [--dir DIR] [--cert PEM --key PEM]
               [--user U --password-file F] [--idle-timeout S]

--idle-timeout closes a kept-alive connection idle for S seconds (as real
servers do), logged as `closed N`.

Every connection is logged as `connection N`, every request as
`request N METHOD PATH` (N: its connection), so that a test can prove what a
client sent and that it kept one connection; "http-peer ready" once listening.
"""
import argparse
import base64
import itertools
import os
import ssl
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

connection_ids = itertools.count(1)


def log(line):
    print(line, flush=True)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive

    def setup(self):
        super().setup()
        self.connection_id = next(connection_ids)
        if self.server.args.idle_timeout:
            self.request.settimeout(self.server.args.idle_timeout)
        log(f"connection {self.connection_id}")

    def finish(self):
        super().finish()
        log(f"closed {self.connection_id}")

    def log_message(self, *args):
        pass

    def reply(self, status, body, content_type="text/plain", close=False, extra=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def serve_file(self, name):
        path = os.path.join(self.server.args.dir, os.path.basename(name))
        try:
            with open(path, "rb") as f:
                body = f.read()
        except OSError:
            return self.reply(404, b"no such file\n")
        self.reply(200, body, "text/plain; version=0.0.4; charset=utf-8")

    def authorized(self):
        a = self.server.args
        expected = base64.b64encode(f"{a.user}:{a.password}".encode()).decode()
        return self.headers.get("Authorization") == "Basic " + expected

    def any_method(self):
        log(f"request {self.connection_id} {self.command} {self.path}")
        p = self.path
        scheme = "https" if self.server.args.cert else "http"
        port = self.server.server_address[1]
        if p.startswith("/file/"):
            return self.serve_file(p[len("/file/"):])
        if p.startswith("/big/"):
            return self.reply(200, b"x" * int(p[len("/big/"):]))
        if p == "/slow":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            for _ in range(1000):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)  # the fault under test is a slow body
            return
        if p == "/partial":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"# HELP cut\n")
            self.close_connection = True
            return
        if p == "/close":
            return self.reply(200, b"closing", close=True)
        if p == "/redirect/same":
            return self.redirect("/file/ok.txt")
        if p == "/redirect/absolute":
            return self.redirect(f"{scheme}://127.0.0.1:{port}/file/ok.txt")
        if p == "/redirect/other":
            return self.redirect(f"{scheme}://127.0.0.2:{port}/file/ok.txt")
        if p == "/redirect/loop":
            return self.redirect("/redirect/loop")
        if p == "/echo":
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode()
            echo = f"{self.command} {self.headers.get('Content-Type')} {self.headers.get('X-Token')} {body}"
            return self.reply(200, echo.encode(), extra={"X-Echo": "yes"})
        if p.startswith("/status/"):
            return self.reply(int(p[len("/status/"):]), b"status page\n")
        if p.startswith("/auth/"):
            if not self.authorized():
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="peer"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            return self.serve_file(p[len("/auth/"):])
        self.reply(404, b"unknown path\n")

    do_GET = any_method
    do_POST = any_method
    do_PUT = any_method
    do_DELETE = any_method
    do_PATCH = any_method
    do_HEAD = any_method


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("--dir", default=".")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user", default="")
    parser.add_argument("--password-file")
    parser.add_argument("--idle-timeout", type=float)
    args = parser.parse_args()
    args.password = ""
    if args.password_file:
        with open(args.password_file) as f:
            args.password = f.readline().rstrip("\r\n")
    server = ThreadingHTTPServer((args.address, args.port), Handler)
    server.daemon_threads = True
    server.args = args
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    log("http-peer ready")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
