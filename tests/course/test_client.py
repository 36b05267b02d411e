"""The sliced shell poll of course/_client.py: short waits, same total timeout, same errors."""

from __future__ import annotations

import asyncio
import time
from queue import Empty

import pytest

from responsible_ml.course._client import _SLICE_S, _sliced


def _run(coro):
    """Run `coro` on a fresh event loop in its own thread (another test may leave a loop running)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


class _Channel:
    """A shell channel whose message is readable only from the `ready_after`-th poll on."""

    def __init__(self, ready_after):
        self.ready_after, self.timeouts = ready_after, []

    async def get_msg(self, timeout=None):
        self.timeouts.append(timeout)
        if self.ready_after is not None and len(self.timeouts) > self.ready_after:
            return {"msg_type": "execute_reply"}
        await asyncio.sleep(min(timeout, 0.01))  # a poll that "misses" the message
        raise Empty


def test_a_reply_left_unread_is_picked_up_by_the_next_slice():
    channel = _Channel(ready_after=3)
    msg = _run(_sliced(channel.get_msg)(timeout=300))
    assert msg["msg_type"] == "execute_reply"
    assert len(channel.timeouts) == 4  # three missed polls, then the reply
    assert max(channel.timeouts) <= _SLICE_S  # never one long poll of the whole timeout


def test_the_total_timeout_is_kept_and_ends_in_empty():
    channel = _Channel(ready_after=None)
    start = time.monotonic()
    with pytest.raises(Empty):
        _run(_sliced(channel.get_msg, slice_s=0.01)(timeout=0.05))
    assert 0.05 <= time.monotonic() - start < 1.0
    assert len(channel.timeouts) >= 2 and all(t <= 0.01 for t in channel.timeouts)


def test_no_timeout_means_wait_for_ever_in_slices():
    channel = _Channel(ready_after=5)
    assert _run(_sliced(channel.get_msg)(timeout=None))["msg_type"] == "execute_reply"
    assert channel.timeouts[:5] == [_SLICE_S] * 5


def test_the_notebook_client_runs_a_notebook_with_sliced_shell_polls():
    import nbformat

    from responsible_ml.course._client import notebook_client

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    client = notebook_client(nb, timeout=60, kernel_name="python3")
    with client.setup_kernel():
        assert client.kc.shell_channel.get_msg.__name__ == "get_msg_in_slices"
        client.execute_cell(nb.cells[0], 0)
    assert nb.cells[0].outputs[0]["text"] == "42\n"
