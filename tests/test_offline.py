"""The offline guard really blocks connections in processes the tests start."""

from __future__ import annotations

import os
import subprocess
import sys


def test_guard_refuses_a_connection_to_another_machine(tmp_path):
    log = tmp_path / "log"
    code = ("import socket\n"
            "s = socket.socket()\n"
            "try:\n"
            "    s.connect(('192.0.2.1', 80))\n"
            "except OSError as exc:\n"
            "    print('refused:', exc)\n")
    env = {**os.environ, "RML_OFFLINE_LOG": str(log)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, timeout=60).stdout
    assert "offline by design" in out
    assert "192.0.2.1" in log.read_text()


def test_guard_allows_loopback(tmp_path):
    code = ("import socket\n"
            "srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen(1)\n"
            "c = socket.socket(); c.connect(srv.getsockname()); print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.strip() == "ok", out.stderr


def test_guard_is_active_in_a_notebook_kernel(tmp_path):
    import nbformat
    from nbclient import NotebookClient

    log = tmp_path / "kernel.log"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import socket\ntry:\n    socket.create_connection(('198.51.100.7', 443), timeout=1)\n"
        "except OSError as exc:\n    print(exc)")]
    old = os.environ["RML_OFFLINE_LOG"]
    os.environ["RML_OFFLINE_LOG"] = str(log)
    try:
        NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    finally:
        os.environ["RML_OFFLINE_LOG"] = old
    assert "offline by design" in nb.cells[0].outputs[0]["text"]
    assert "198.51.100.7" in log.read_text()
