"""Two editors saving at the same moment: both saves land, on SQLite as on
PostgreSQL, with real concurrent connections (one per thread)."""

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from portfolio.positions.models import Position
from portfolio.talks.models import Talk

from .admin_forms import form_data
from .factories import make_position, make_talk

ROUNDS = 12


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.django_db(transaction=True)
def test_simultaneous_admin_saves_queue_instead_of_failing():
    user = get_user_model().objects.create_superuser("editor", "e@example.org", "pw-12345678901")
    talk, position = make_talk(), make_position()
    start = threading.Barrier(2, timeout=60)

    def edit(url: str, field: str) -> list[int]:
        client = Client()
        client.force_login(user)
        statuses = []
        try:
            for round_ in range(ROUNDS):
                data = form_data(client, url)
                data[field] = [f"Saved in round {round_}"]
                start.wait()  # both editors press Save together
                statuses.append(client.post(url, data).status_code)
        finally:
            connection.close()  # this thread's own connection
        return statuses

    with ThreadPoolExecutor(2) as pool:
        talks = pool.submit(edit, change_url(talk), "title")
        positions = pool.submit(edit, change_url(position), "role")
        results = talks.result(), positions.result()

    # 302: saved and sent back to the list. A failed save would be a 500 or a 503.
    assert results == ([302] * ROUNDS, [302] * ROUNDS)
    assert Talk.objects.get().title == f"Saved in round {ROUNDS - 1}"
    assert Position.objects.get().role == f"Saved in round {ROUNDS - 1}"


@contextlib.contextmanager
def short_lock_wait():
    """This server waits 0.2 s for a lock, instead of the settings' DB_LOCK_TIMEOUT."""
    options = connection.settings_dict["OPTIONS"]
    saved = dict(options)
    connection.close()
    if connection.vendor == "sqlite":
        options["timeout"] = 0.2
    else:
        options["options"] = "-c lock_timeout=200"
    try:
        yield
    finally:
        connection.close()
        options.clear()
        options.update(saved)


@pytest.mark.django_db(transaction=True)
def test_a_lock_that_outlasts_the_timeout_is_a_clear_503():
    user = get_user_model().objects.create_superuser("editor", "e@example.org", "pw-12345678901")
    talk = make_talk(title="Before")
    client = Client()
    client.force_login(user)
    url = change_url(talk)
    data = form_data(client, url)
    data["title"] = ["After"]
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock():
        # Another editor's save that takes long: it holds SQLite's write lock, or
        # PostgreSQL's lock on the row, until released.
        try:
            with transaction.atomic():
                Talk.objects.filter(pk=talk.pk).update(event="Held")
                locked.set()
                release.wait(30)
                transaction.set_rollback(True)
        finally:
            connection.close()

    with short_lock_wait(), ThreadPoolExecutor(1) as pool:
        holder = pool.submit(hold_the_lock)
        assert locked.wait(30)
        try:
            response = client.post(url, data)
        finally:
            release.set()
        holder.result()

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    text = response.content.decode()
    assert "The site is busy" in text and "Nothing of this request was saved" in text
    assert Talk.objects.get().title == "Before"
