"""Without Chromium (or axe-core) the browser tests skip and say how to enable them — unless CI=true."""

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


def test_missing_axe_skips_with_instructions(monkeypatch, tmp_path):
    import test_accessibility

    missing = tmp_path / "axe.min.js"
    monkeypatch.setattr(test_accessibility, "AXE", missing)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as info:
        test_accessibility.require_axe()
    assert info.value.msg == test_accessibility.AXE_HINT.format(path=missing)
    assert "make axe-deps" in info.value.msg


def test_missing_axe_fails_on_ci(monkeypatch, tmp_path):
    import test_accessibility

    monkeypatch.setattr(test_accessibility, "AXE", tmp_path / "axe.min.js")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception) as info:
        test_accessibility.require_axe()
    assert info.value.msg.startswith("CI=true and accessibility tests need axe-core")
