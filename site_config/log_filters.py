"""Logging filters for the settings' LOGGING."""

import logging


class NotServiceUnavailable(logging.Filter):
    """Leaves out django.request's record of a 503: the site answers 503 only when
    the database is down or busy, which it logs itself, once, with the cause. A
    health probe every few seconds must not flood the log or the admins' mail."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) != 503
