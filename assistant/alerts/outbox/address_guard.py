"""Where a webhook may go: by default never to this machine or a private network (no server-side request forgery
through a target URL: the cloud metadata address, Redis on localhost, an office router).

Checked twice: when a target is set (a clear 422) and at every delivery, on the addresses the name resolves to
then; the request is sent to the very address that was checked, so a name re-pointed after the check (DNS
rebinding) cannot slip a private address in between. STOCK_ASSISTANT_WEBHOOK_ALLOW_PRIVATE_ADDRESSES=true lifts it
(a receiver on the same host or LAN, the tests' receivers on 127.0.0.1).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass, field
from urllib.parse import SplitResult, urlsplit

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
ALLOW_SETTING = "STOCK_ASSISTANT_WEBHOOK_ALLOW_PRIVATE_ADDRESSES"


class RefusedAddress(ValueError):
    """The URL's host is (or resolves to) an address webhooks are not sent to."""


def refusal(address: IpAddress) -> str | None:
    """Why this address is no webhook destination, or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    for kind, hit in (("loopback", address.is_loopback), ("link-local", address.is_link_local),
                      ("unspecified", address.is_unspecified), ("multicast", address.is_multicast),
                      ("private", address.is_private), ("reserved", address.is_reserved)):
        if hit:
            return kind
    return None if address.is_global else "private"  # e.g. 100.64.0.0/10, shared address space


@dataclass(frozen=True)
class Pinned:
    """A request bound to the address that was checked: `url` names the address, the headers and `extensions`
    keep the name for the server (Host) and for TLS (SNI and certificate check)."""

    url: str
    headers: dict[str, str] = field(default_factory=dict)
    extensions: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AddressGuard:
    allow_private: bool = False

    async def check(self, url: str) -> None:
        """At set-up: refuses a host that is, or resolves to, a refused address. A name that does not resolve
        now is accepted (the delivery checks again, and fails and retries until it resolves to a public one)."""
        if self.allow_private:
            return
        parts = urlsplit(url)
        try:
            addresses = await _addresses(parts)
        except OSError:
            return
        _refuse_any(parts, addresses)

    async def pin(self, url: str) -> Pinned:
        """At delivery: resolves the host, refuses it unless allowed, and binds the request to its first address."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        addresses = await _addresses(parts)  # OSError: the name does not resolve (a failed attempt, retried)
        if not self.allow_private:
            _refuse_any(parts, addresses)
        if _literal(host) is not None:
            return Pinned(url)
        chosen = addresses[0]
        shown = f"[{chosen}]" if chosen.version == 6 else str(chosen)
        netloc = shown if parts.port is None else f"{shown}:{parts.port}"
        pinned = parts._replace(netloc=netloc).geturl()
        host_header = host if parts.port is None else f"{host}:{parts.port}"
        extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
        return Pinned(pinned, {"Host": host_header}, extensions)


def _literal(host: str) -> IpAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


async def _addresses(parts: SplitResult) -> list[IpAddress]:
    host = parts.hostname or ""
    literal = _literal(host)
    if literal is not None:
        return [literal]
    port = parts.port or (443 if parts.scheme == "https" else 80)
    found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = [ipaddress.ip_address(info[4][0]) for info in found]
    if not addresses:
        raise OSError(f"{host} resolves to no address")
    return addresses


def _refuse_any(parts: SplitResult, addresses: list[IpAddress]) -> None:
    """Every address must be public: a name with one private address among public ones is refused too."""
    for address in addresses:
        kind = refusal(address)
        if kind is not None:
            via = "" if str(address) == parts.hostname else f" resolves to {address}, which"
            raise RefusedAddress(f"{parts.hostname}{via} is a {kind} address; webhooks go to public addresses "
                                 f"unless {ALLOW_SETTING}=true")
