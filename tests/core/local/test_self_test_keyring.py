"""The self-test's keyring check: it passes where the system's keyring backend can load (its
service may be absent, as on a build machine) and fails, naming the reason, when the backend's
packages are missing, as in a bundle built without secretstorage or cryptography."""

from __future__ import annotations

import sys

import pytest

from desktop_app.core.local.self_test import check_keyring

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the Secret Service backend is Linux's"
)


def test_the_system_backend_loads() -> None:
    ok, detail = check_keyring()
    assert ok, detail
    assert "keyring.backends.SecretService" in detail
    assert "required" not in detail


def test_a_missing_secretstorage_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    backend_module = importlib.import_module("keyring.backends.SecretService")
    monkeypatch.delattr(backend_module, "secretstorage")  # as if its import had failed
    ok, detail = check_keyring()
    assert not ok
    assert "SecretStorage required" in detail
