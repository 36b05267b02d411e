"""Loaded by every Python process the course tests start (kernels included).

It refuses any network connection that is not to this machine, and notes the attempt
in the file named by RML_OFFLINE_LOG so the test session fails even when a notebook
catches the error. Jupyter kernels talk over ZeroMQ on 127.0.0.1 (C sockets), so they
are not affected.
"""

import os
import socket

_LOG = os.environ.get("RML_OFFLINE_LOG")
_LOCAL = ("127.", "::1", "localhost", "0.0.0.0")


def _is_local(address) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = str(address[0]) if address else ""
    return host.startswith(_LOCAL) or host == ""


def _refuse(address):
    message = f"network access is disabled in the course (offline by design): tried {address!r}"
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {message}\n")
    raise OSError(message)


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


def _guarded_connect(self, address):
    if self.family != getattr(socket, "AF_UNIX", None) and not _is_local(address):
        _refuse(address)
    return _connect(self, address)


def _guarded_connect_ex(self, address):
    if self.family != getattr(socket, "AF_UNIX", None) and not _is_local(address):
        _refuse(address)
    return _connect_ex(self, address)


socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect_ex
