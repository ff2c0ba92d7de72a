"""Review of 19.4: rate limits were keyed on the full IPv6 address, and one /64 (the least a
home or a server gets) holds 2^64 of them. The limiter now counts an IPv6 address under its /64
network (an IPv4 address, also one written IPv4-mapped, under itself); sign-in throttling keeps
the real address (``client_ip``), as django-axes records it."""

from __future__ import annotations

import pytest

from brobygger.core import ratelimit

pytestmark = pytest.mark.django_db


def _allowed(rf, address: str, *, scope: str = "review", limit: int = 3) -> bool:
    request = rf.post("/", REMOTE_ADDR=address)
    return ratelimit.allow(request, scope=scope, limit=limit, window_seconds=60)


def test_it_counts_every_address_of_one_ipv6_64_together(rf):
    hits = [_allowed(rf, f"2001:db8:1:2:{n:x}::{n + 1:x}") for n in range(5)]
    assert hits == [True, True, True, False, False]


def test_another_64_is_counted_on_its_own(rf):
    for n in range(4):
        _allowed(rf, f"2001:db8:1:2::{n + 1:x}")
    assert _allowed(rf, "2001:db8:1:3::1")


def test_ipv4_addresses_are_counted_one_by_one(rf):
    for _ in range(4):
        _allowed(rf, "192.0.2.10")
    assert not _allowed(rf, "192.0.2.10")
    assert _allowed(rf, "192.0.2.11")
    assert not _allowed(rf, "::ffff:192.0.2.10")  # the same IPv4 address, IPv4-mapped


def test_it_keys_the_network_not_the_address():
    assert ratelimit.limit_address("2001:db8:1:2:aaaa:bbbb:cccc:dddd") == "2001:db8:1:2::/64"
    assert ratelimit.limit_address("192.0.2.10") == "192.0.2.10"
    assert ratelimit.limit_address("::ffff:192.0.2.10") == "192.0.2.10"


def test_sign_in_throttling_still_sees_the_full_address(rf):
    request = rf.post("/", REMOTE_ADDR="2001:db8:1:2:aaaa:bbbb:cccc:dddd")
    assert ratelimit.client_ip(request) == "2001:db8:1:2:aaaa:bbbb:cccc:dddd"
