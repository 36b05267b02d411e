"""Without Chromium the browser tests skip and say how to enable them — unless CI=true."""

from __future__ import annotations

import pytest
import rml_browser


def test_missing_browser_skips_with_instructions(monkeypatch):
    monkeypatch.setattr(rml_browser, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as info:
        rml_browser.require_browser()
    assert str(info.value.msg) == rml_browser.ENABLE_HINT.format(
        path="/nonexistent/chromium", missing="/nonexistent/chromium")
    assert "make browser-deps" in info.value.msg


def test_missing_browser_fails_on_ci(monkeypatch):
    monkeypatch.setattr(rml_browser, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception) as info:
        rml_browser.require_browser()
    assert info.value.msg.startswith("CI=true and browser tests need")
