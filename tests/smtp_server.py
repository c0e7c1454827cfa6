"""A loopback SMTP server for tests and scripts/measure_smtp_hang.py, with the behaviours
a real one shows: accepting, refusing for now (451), refusing for good (550), and
accepting connections without ever answering (a hung server)."""

import socketserver
import threading
from email import message_from_bytes


class LoopbackSMTPServer:
    """`with LoopbackSMTPServer(mode="accept") as server:` then point EMAIL_PORT at
    `server.port`. `mode` may change at any time; connections hung in "hang" mode go on
    once it changes (the client has usually given up by then). `messages` holds what was
    accepted, as email.message.Message objects."""

    def __init__(self, mode="accept"):
        self.mode = mode
        self.messages = []
        self.connections = 0
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        owner = self

        class Handler(socketserver.StreamRequestHandler):
            timeout = 30

            def handle(self):
                with owner._lock:
                    owner.connections += 1
                    while owner.mode == "hang" and not owner._closing:
                        owner._changed.wait(0.5)
                try:
                    owner._converse(self.rfile, self.wfile)
                except OSError:
                    pass  # the client gave up

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._closing = False
        self.port = self._server.server_address[1]

    def set_mode(self, mode):
        with self._lock:
            self.mode = mode
            self._changed.notify_all()

    def _converse(self, rfile, wfile):
        def say(line):
            wfile.write(line.encode() + b"\r\n")
            wfile.flush()

        say("220 loopback ESMTP")
        while True:
            line = rfile.readline()
            if not line:
                return
            verb = line.decode(errors="replace").strip().split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                say("250 loopback")
            elif verb == "MAIL":
                say("451 4.3.0 try again later" if self.mode == "tempfail" else "250 ok")
            elif verb == "RCPT":
                say("550 5.1.1 no such mailbox" if self.mode == "reject" else "250 ok")
            elif verb == "DATA":
                say("354 go ahead")
                data = b""
                while True:
                    chunk = rfile.readline()
                    if not chunk or chunk in (b".\r\n", b".\n"):
                        break
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                with self._lock:
                    self.messages.append(message_from_bytes(data))
                say("250 queued")
            elif verb == "QUIT":
                say("221 bye")
                return
            else:  # RSET, NOOP and anything else
                say("250 ok")

    def __enter__(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        with self._lock:
            self._closing = True
            self._changed.notify_all()
        self._server.shutdown()
        self._server.server_close()
