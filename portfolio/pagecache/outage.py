"""When the shared cache fails: the page cache and the request limits both use it,
and both leave it alone for a while after a failure rather than wait on it at
every request."""

import logging
import threading
import time

# After the cache fails, it is left alone for this long before it is tried again.
RETRY_SECONDS = 5.0


class CacheOutage:
    """One user's view of the shared cache failing (per process): after a failure
    the cache is left alone for ``RETRY_SECONDS``, and the log says when it fails
    (a warning the first time, then quieter) and when it answers again."""

    def __init__(self, log: logging.Logger, user: str, meanwhile: str):
        self.log, self.user, self.meanwhile = log, user, meanwhile
        self.lock = threading.Lock()
        self.failed_at = 0.0

    def failed(self, error) -> None:
        with self.lock:
            first = not self.failed_at
            self.failed_at = time.monotonic()
        level = logging.WARNING if first else logging.INFO
        self.log.log(level, "%s unavailable (%s); %s.", self.user, error, self.meanwhile)

    def waiting(self) -> bool:
        """Whether the cache is still being left alone after a failure."""
        failed_at = self.failed_at
        return bool(failed_at) and time.monotonic() - failed_at < RETRY_SECONDS

    def answered(self) -> None:
        """The cache is tried (or answered) again after a failure."""
        if self.failed_at:
            with self.lock:
                self.failed_at = 0.0
            self.log.warning("%s available again.", self.user)
