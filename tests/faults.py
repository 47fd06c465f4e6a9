"""Faults for the reliability tests: a PostgreSQL that stops and comes back, a read-only file.

The shared PostgreSQL server must keep running for everyone else, so "PostgreSQL stopped" is a
TCP relay on 127.0.0.1 in front of it that the test stops (refusing new connections and
cutting the open ones, as a server shutting down does) and starts again on the same port.
"""

from __future__ import annotations

import os
import selectors
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy.engine import make_url


class PostgresRelay:
    """A TCP relay 127.0.0.1:port → the PostgreSQL of `url`; `stop()` and `start()` at will."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self.target = (parsed.host or "127.0.0.1", parsed.port or 5432)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.url = parsed.set(host="127.0.0.1", port=self.port).render_as_string(
            hide_password=False
        )
        self._listener: socket.socket | None = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        """Refuse new connections and cut every open one."""
        listener, self._listener = self._listener, None
        if listener is not None:
            with suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self._lock:
            for open_socket in self._sockets:
                with suppress(OSError):
                    open_socket.shutdown(socket.SHUT_RDWR)
                open_socket.close()
            self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    @staticmethod
    def _pump(client: socket.socket, server: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        selector.register(client, selectors.EVENT_READ, server)
        selector.register(server, selectors.EVENT_READ, client)
        try:
            while True:
                for key, _ in selector.select():
                    source: socket.socket = key.fileobj  # type: ignore[assignment]
                    data = source.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
        except (OSError, ValueError):
            return
        finally:
            selector.close()
            client.close()
            server.close()


@contextmanager
def relay_to(url: str) -> Iterator[PostgresRelay]:
    relay = PostgresRelay(url)
    relay.start()
    try:
        yield relay
    finally:
        relay.stop()


def can_make_immutable(folder: Path) -> bool:
    """chattr +i works here (root on ext4 or similar): even root cannot then write the file."""
    probe = folder / "immutable-probe"
    probe.write_bytes(b"x")
    made = subprocess.run(["chattr", "+i", str(probe)], capture_output=True).returncode == 0
    is_refused = made and not os.access(probe, os.W_OK)
    if made:
        subprocess.run(["chattr", "-i", str(probe)], check=True)
    probe.unlink()
    return is_refused or (not made and os.geteuid() != 0)


@contextmanager
def read_only_file(path: Path) -> Iterator[None]:
    """`path` cannot be written while inside: immutable for root, mode 0444 for anyone else."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
    else:
        path.chmod(0o444)
    try:
        yield
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        else:
            path.chmod(0o644)
