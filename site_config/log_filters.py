"""The settings' LOGGING, and its filters."""

import logging


class NotServiceUnavailable(logging.Filter):
    """Leaves out django.request's record of a 503: the site answers 503 only when
    the database is down or busy, which it logs itself, once, with the cause. A
    health probe every few seconds must not flood the log or the admins' mail."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) != 503


def logging_config(mail_admins: bool, debug: bool = False) -> dict:
    """Log records go to standard output, where gunicorn and systemd collect them.
    A server error (a 500) is logged there with its traceback, and also mailed to
    ADMINS when ``mail_admins``."""
    handlers = ["console", "mail_admins"] if mail_admins else ["console"]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "production": {"()": "django.utils.log.RequireDebugFalse"},
            "not_503": {"()": "site_config.log_filters.NotServiceUnavailable"},
        },
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "plain",
            },
            "mail_admins": {
                "class": "django.utils.log.AdminEmailHandler",
                "level": "ERROR",
                "filters": ["production"],
            },
        },
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            "django": {"level": "INFO" if debug else "WARNING"},
            "django.request": {
                "handlers": handlers,
                "level": "WARNING",
                "propagate": False,
                "filters": ["not_503"],
            },
            "django.server": {"level": "INFO", "propagate": True},
            # bibtexparser reports malformed entries itself; the importer reports them too.
            "bibtexparser": {"level": "ERROR"},
        },
    }
