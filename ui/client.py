"""The address of the connection a sign-in try comes from: wrong passwords are counted under it.

The socket's peer, unless it is a reverse proxy named in JWP_TRUSTED_PROXIES: then its X-Forwarded-For header
is read (see `client_address`). Never a per-session key, so a new browser session gives no fresh tries. The
throttle groups addresses further (an IPv6 /64 as one; jwp_data.store.throttle.address_key).
"""

from __future__ import annotations

import ipaddress
import re

from jwp_data import settings

UNKNOWN_CLIENT = "unknown"


def _address(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An IP address from a socket or a header entry; ::ffff:a.b.c.d is a.b.c.d; None if it is not one."""
    text = (text or "").strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":")[0]
    try:
        address = ipaddress.ip_address(text.split("%")[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def trusted_proxies(setting: str | None = None) -> tuple:
    """The proxies whose X-Forwarded-For is believed: addresses or networks in JWP_TRUSTED_PROXIES."""
    setting = settings.trusted_proxies() if setting is None else setting
    networks = []
    for item in re.split(r"[\s,]+", setting.strip()):
        if item:
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                continue  # a typo trusts nothing rather than everything
    return tuple(networks)


def client_address(peer: str | None, forwarded_for: list[str], trusted: tuple) -> str:
    """The address wrong passwords are counted under.

    The socket's peer, unless that peer is a trusted proxy: then the right-most X-Forwarded-For entry
    that is not itself a trusted proxy (entries to its left are whatever the client chose to send).
    'unknown' when no address can be had: everyone without one shares that count.
    """
    address = _address(peer)
    if address is None:
        return UNKNOWN_CLIENT

    def is_trusted(a) -> bool:
        return any(a.version == n.version and a in n for n in trusted)

    if is_trusted(address):
        hops = [hop for value in forwarded_for for hop in value.split(",") if hop.strip()]
        for hop in reversed(hops):
            hop_address = _address(hop)
            if hop_address is None:
                return UNKNOWN_CLIENT
            address = hop_address
            if not is_trusted(hop_address):
                break
    return str(address)


def _connection() -> tuple[str | None, list[str]]:
    """The socket peer of this session's websocket and the X-Forwarded-For values of its handshake.

    Streamlit's server (uvicorn) may already have replaced the peer with an X-Forwarded-For entry when
    the peer is loopback, so the peer is read from the connection's transport where that can be done.
    """
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or not runtime.exists():
        return None, []
    client = runtime.get_instance().get_client(ctx.session_id)
    context = getattr(client, "client_context", None)
    if context is None:
        return None, []
    forwarded = [value for name, value in context.headers if name.lower() == "x-forwarded-for"]
    return socket_peer(_transport_peer(client), context.remote_ip, forwarded), forwarded


def socket_peer(transport_peer: str | None, reported: str | None, forwarded: list[str]) -> str | None:
    """The connection's peer: read from its transport; else the address Streamlit reports, unless the
    server may have taken that one from X-Forwarded-For (then no address: the shared 'unknown' count)."""
    if transport_peer:
        return transport_peer
    if forwarded and _address(reported) in {_address(h) for v in forwarded for h in v.split(",")}:
        return None
    return reported


def _transport_peer(client) -> str | None:
    # Streamlit internals (1.5x/1.6x with uvicorn): the websocket's receive is bound to the protocol object.
    receive = getattr(getattr(client, "_websocket", None), "_receive", None)
    transport = getattr(getattr(receive, "__self__", None), "transport", None)
    try:
        peer = transport.get_extra_info("peername") if transport is not None else None
    except (AttributeError, TypeError, OSError):  # an internal that changed: fall back to what Streamlit says
        return None
    return str(peer[0]) if peer else None


def client_key() -> str:
    """This connection's address for counting wrong passwords (never a per-session key)."""
    peer, forwarded = _connection()
    return client_address(peer, forwarded, trusted_proxies())
