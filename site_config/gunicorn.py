"""gunicorn settings for `make serve` (see docs/deploy.md).

Every value can be changed through the environment variable named beside it.
"""

import multiprocessing
import os

# Listen on loopback only: the TLS-terminating proxy in front forwards to it.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Trust X-Forwarded-* headers only from the proxy's address.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Recycle workers now and then, so that a slow leak never grows large.
max_requests = 1000
max_requests_jitter = 100
accesslog = "-"
errorlog = "-"
# gunicorn's control socket (for `gunicornc`) defaults to one path per user, which
# two instances on one host would share. It is off unless GUNICORN_CONTROL_SOCKET
# names a path of this instance's own.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"].strip()
# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108


def post_request(worker, req, environ, resp):
    """After a large response (a long list, an export), hand the memory it freed
    back to the system: without it, a worker keeps the high-water mark of its
    largest page for the rest of its life."""
    if resp.sent > 1_000_000:
        _release_free_memory()


def _release_free_memory():
    import contextlib
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    name = ctypes.util.find_library("c")
    if name:
        with contextlib.suppress(AttributeError):  # a C library other than glibc
            ctypes.CDLL(name).malloc_trim(0)
