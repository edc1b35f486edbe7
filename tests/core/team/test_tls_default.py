"""A team server elsewhere on the network is asked for TLS at least when it offers it."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from desktop_app.core.storage.engine import is_local_host, postgres_connect_args


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://desk@db.office/callback_desk", "prefer"),
        ("postgresql://desk@10.0.0.5:5433/callback_desk", "prefer"),
        ("postgresql://desk@db.office/callback_desk?sslmode=require", None),  # the URL's own
        ("postgresql://desk@db.office/callback_desk?sslmode=disable", None),  # chosen: kept
        ("postgresql://desk@127.0.0.1/callback_desk", None),  # this computer: libpq decides
        ("postgresql://desk@localhost/callback_desk", None),
    ],
)
def test_the_tls_floor_of_a_new_connection(url: str, expected: str | None) -> None:
    assert postgres_connect_args(make_url(url)).get("sslmode") == expected


def test_local_hosts() -> None:
    assert is_local_host("localhost") and is_local_host("127.0.0.1") and is_local_host("::1")
    assert is_local_host(None) and is_local_host("/var/run/postgresql")
    assert not is_local_host("db.office") and not is_local_host("192.168.1.20")
