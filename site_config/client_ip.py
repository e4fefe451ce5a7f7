"""The client's address for login throttling, as the reverse proxy saw it.

A proxy such as nginx with ``$proxy_add_x_forwarded_for`` appends the address it
received the request from to ``X-Forwarded-For``. Anything to the left of that
was sent by the client and can be forged, so with N trusted proxies the client
is the Nth address from the right; with none, it is the connection's address.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.headers.get("x-forwarded-for", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR")
