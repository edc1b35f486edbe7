"""TLS to the team server, end to end, against a private PostgreSQL cluster with ssl on.

The cluster (started once for the session) serves a certificate for ``localhost`` signed by a
test CA. ``require``, ``verify-ca`` and ``verify-full`` succeed with that CA and name; a wrong CA
or a name the certificate does not carry fails with a translated message naming the problem;
``server check`` says "Encrypted" only for an encrypted connection.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop_app.core.common.i18n import set_language
from desktop_app.core.team.check import Status, check_url
from desktop_app.core.team.server_url import ServerAddress
from tests.helpers.tls_cluster import TlsCluster


@pytest.fixture(scope="session")
def tls_cluster() -> Iterator[TlsCluster]:
    cluster = TlsCluster()
    try:
        yield cluster
    finally:
        cluster.close()


def encryption(url: str) -> tuple[bool, Status, str]:
    """Whether ``server check`` connected, and its finding on encryption."""
    check = check_url(url)
    found = next((f for f in check.findings if f.topic == "Encryption"), None)
    if found is None:
        return check.reachable, check.findings[0].status, check.findings[0].detail
    return check.reachable, found.status, found.detail


@pytest.mark.parametrize("mode", ["require", "verify-ca", "verify-full"])
def test_each_mode_connects_encrypted_with_the_right_ca_and_name(
    tls_cluster: TlsCluster, mode: str
) -> None:
    url = tls_cluster.url(sslmode=mode, sslrootcert=str(tls_cluster.ca_file))
    reachable, status, detail = encryption(url)
    assert reachable, detail
    assert status is Status.OK
    assert detail.startswith("Encrypted with TLSv1.")


def test_without_tls_the_check_says_not_encrypted(tls_cluster: TlsCluster) -> None:
    reachable, status, detail = encryption(tls_cluster.url(sslmode="disable"))
    assert reachable
    assert (status, detail.split(".")[0]) == (Status.NOTE, "Not encrypted")


def test_a_wrong_ca_is_refused_in_plain_words(tls_cluster: TlsCluster) -> None:
    for mode in ("verify-ca", "verify-full"):
        url = tls_cluster.url(sslmode=mode, sslrootcert=str(tls_cluster.other_ca_file))
        reachable, status, detail = encryption(url)
        assert not reachable and status is Status.PROBLEM
        assert detail.startswith("The server's certificate could not be verified with the CA")
        assert "certificate verify failed" in detail  # the driver's words follow


def test_a_name_the_certificate_does_not_carry_is_refused_by_verify_full(
    tls_cluster: TlsCluster,
) -> None:
    wrong_name = tls_cluster.url(
        "127.0.0.1", sslmode="verify-full", sslrootcert=str(tls_cluster.ca_file)
    )
    reachable, status, detail = encryption(wrong_name)
    assert not reachable and status is Status.PROBLEM
    assert detail.startswith("The server's certificate is not made out to 127.0.0.1")
    # verify-ca checks the CA only: the same address is accepted, encrypted.
    same_ca = tls_cluster.url(
        "127.0.0.1", sslmode="verify-ca", sslrootcert=str(tls_cluster.ca_file)
    )
    assert encryption(same_ca)[:2] == (True, Status.OK)


def test_the_refusals_are_translated(tls_cluster: TlsCluster) -> None:
    set_language("zh_CN")
    url = tls_cluster.url("127.0.0.1", sslmode="verify-full", sslrootcert=str(tls_cluster.ca_file))
    assert "证书" in check_url(url).findings[0].detail
    url = tls_cluster.url(sslmode="verify-ca", sslrootcert=str(tls_cluster.other_ca_file))
    assert "CA 文件" in check_url(url).findings[0].detail


@pytest.mark.parametrize("mode", ["require", "verify-ca", "verify-full"])
def test_the_settings_address_of_each_mode_connects_encrypted(
    tls_cluster: TlsCluster, mode: str
) -> None:
    """The URL Settings › Database builds from its fields (host, port, TLS mode, CA file)."""
    address = ServerAddress(
        host="localhost",
        port=tls_cluster.port,
        database="postgres",
        user="postgres",
        tls_mode=mode,
        ca_file=str(tls_cluster.ca_file),
    )
    address.check()
    url = address.url().render_as_string(hide_password=False)
    assert ServerAddress.from_url(url) == address  # what the settings keep reads back the same
    reachable, status, detail = encryption(url)
    assert (reachable, status) == (True, Status.OK), detail
