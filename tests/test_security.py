"""Headers, cookies, HTTPS, login throttling and CSRF under the production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from .test_settings import PRODUCTION

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple 7"


def test_security_headers_on_every_page(client, cv):
    for url in (reverse("website:home"), reverse("publications:list"), reverse("admin:login")):
        response = client.get(url, secure=True)
        expected = (
            "Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options",
            "X-Frame-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy",
        )  # fmt: skip
        missing = [name for name in expected if name not in response]
        assert not missing, (url, response.status_code, missing, dict(response.items()))
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert response["Strict-Transport-Security"].startswith("max-age=31536000")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_cookies_are_secure_httponly_and_samesite(client, db):
    response = client.get(reverse("admin:login"), secure=True)
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
    get_user_model().objects.create_superuser("owner", "o@example.org", PASSWORD)
    response = client.post(
        reverse("admin:login"), {"username": "owner", "password": PASSWORD}, secure=True
    )
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_plain_http_is_redirected_unless_the_proxy_says_https(settings, db):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    response = client.get("/cv/")
    assert response.status_code == 301 and response["Location"] == "https://testserver/cv/"
    assert client.get("/cv/", headers={"x-forwarded-proto": "https"}).status_code == 200


def login(client, password):
    return client.post(
        reverse("admin:login"),
        {"username": "owner", "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR="203.0.113.7",
    )


def test_six_wrong_passwords_lock_the_account_until_reset(db):
    get_user_model().objects.create_superuser("owner", "o@example.org", PASSWORD)
    client = Client()
    statuses = [login(client, "wrong password").status_code for _ in range(6)]
    # Four chances with the form's error message; the fifth failure locks.
    assert statuses == [200, 200, 200, 200, 429, 429]
    locked = login(client, PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session

    call_command("axes_reset", verbosity=0)
    assert login(client, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"]


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(db, settings):
    settings.PROXY_COUNT = 1
    get_user_model().objects.create_superuser("owner", "o@example.org", PASSWORD)
    client = Client()
    statuses = []
    for n in range(6):
        # The client forges the left part; the proxy appends the real address.
        response = client.post(
            reverse("admin:login"),
            {"username": "owner", "password": "wrong password"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 198.51.100.9",
        )
        statuses.append(response.status_code)
    assert statuses[-2:] == [429, 429]
    # Another visitor, behind the same proxy, is not locked out by them.
    other = client.post(
        reverse("admin:login"),
        {"username": "owner", "password": PASSWORD, "next": reverse("admin:index")},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.44",
    )
    assert other.status_code == 302


def test_the_client_address_comes_from_the_right_end_of_forwarded_for(rf, settings):
    from site_config.client_ip import client_ip

    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9")
    settings.PROXY_COUNT = 1
    assert client_ip(request) == "198.51.100.9"
    settings.PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
    settings.PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"
    settings.PROXY_COUNT = 3  # fewer addresses than proxies: the connection's
    assert client_ip(request) == "127.0.0.1"
    settings.PROXY_COUNT = 1
    assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="junk")) == (
        "127.0.0.1"
    )


def test_a_post_without_csrf_token_is_refused(db):
    client = Client(enforce_csrf_checks=True)
    get_user_model().objects.create_superuser("owner", "o@example.org", PASSWORD)
    response = client.post(reverse("admin:login"), {"username": "owner", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.process
def test_passwords_are_strong_and_hashed_with_argon2():
    with pytest.raises(ValidationError):
        validate_password("short1")
    with pytest.raises(ValidationError):
        validate_password("123456789012345")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(PRODUCTION, DJANGO_SETTINGS_MODULE="site_config.settings")
    hasher = subprocess.run(
        [sys.executable, "-c", "import django; django.setup();"
         " from django.contrib.auth.hashers import make_password;"
         " print(make_password('x' * 20).split('$')[0])"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert hasher.stdout.strip() == "argon2"


@pytest.mark.process
def test_the_admin_path_is_configurable():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        PRODUCTION, DJANGO_ADMIN_URL="/manage-4f7c/", DJANGO_SETTINGS_MODULE="site_config.settings"
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.urls import reverse;"
         " print(reverse('admin:index'), reverse('website:robots'))"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert result.stdout.split()[0] == "/manage-4f7c/"


def test_uploaded_media_is_not_served_by_django_in_production(client, db):
    assert client.get("/media/profile/anything.jpg").status_code == 404
