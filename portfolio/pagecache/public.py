"""Which views are public pages, and the query parameters each reads.

A view marked with :func:`public` (every public page, feed, sitemap and export)
may be answered from the page cache (``portfolio.pagecache.middleware``) for
visitors who are not signed in, and a static build renders it
(``portfolio.staticsite``). Its ``params`` give the normal form of its query
strings: only normal forms are stored.
"""

import functools

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from portfolio.core.views import answer_if_missing


def public(view=None, *, params=None):
    """Mark ``view`` as a public page that may be cached. ``params`` maps each query
    parameter the view reads to its type, a form field (a filter form's
    ``base_fields`` will do): a value it does not clean is one the view ignores."""

    def mark(function):
        # A view of its own: one function may be public at several addresses, each
        # with its own parameters.
        @functools.wraps(function)
        def view(request, *args, **kwargs):
            # OPTIONS is answered as GET would be for whether the page exists (a
            # 404, or a redirect, where GET gives one); Django's own answer is 200
            # for any address the URL patterns match.
            if request.method == "OPTIONS":
                missing = answer_if_missing(function, request, *args, **kwargs)
                if missing is not None:
                    return missing
            return function(request, *args, **kwargs)

        view.page_cache_params = {
            name: _normaliser(field) for name, field in sorted((params or {}).items())
        }
        return view

    return mark(view) if view is not None else mark


def _normaliser(field: forms.Field):
    """The normal form of a value of ``field`` ("2018" for " 02018"), or None."""

    def normal(value: str) -> str | None:
        try:
            cleaned = field.clean(value)
        except ValidationError:
            return None
        return None if cleaned in (None, "") else str(cleaned)

    return normal


def normal_query(query: QueryDict, params: dict) -> str:
    """The normal form of ``query`` for a view reading ``params``: its parameters in
    order, each once with the last value given (the one the view reads), in its
    normal form; other parameters, and values the view would not use, left out."""
    normal = QueryDict(mutable=True)
    for name, normalise in params.items():
        value = query.get(name)
        value = normalise(value) if value is not None else None
        if value:
            normal[name] = value
    return normal.urlencode()
