"""The install script (.ci/install.py, which the Makefile runs) hands uv the
package indexes and the rest that pip is configured with, since uv does not read
pip's configuration: a machine whose pip reaches packages through a mirror or a
wheel folder installs with uv too."""

import importlib.util
from pathlib import Path

import pytest

spec = importlib.util.spec_from_file_location(
    "install", Path(__file__).resolve().parent.parent / ".ci" / "install.py"
)
install = importlib.util.module_from_spec(spec)
spec.loader.exec_module(install)

# What `pip config list` prints: configuration files' sections, then PIP_* variables.
LISTING = """\
global.index-url='https://mirror.example.org/simple'
global.extra-index-url='file:///srv/pypi/simple\\nhttps://more.example.org/simple'
global.find-links='/srv/wheels'
install.find-links='/srv/install-wheels /srv/more-wheels'
global.cert='/etc/ssl/certs/ca-certificates.crt'
global.constraint='/etc/pip/constraints.txt'
global.timeout='60'
:env:.timeout='180'
:env:.trusted-host='mirror.example.org'
not a setting
"""


def test_pips_settings_are_read_as_its_install_command_reads_them():
    settings = install.pip_settings(LISTING)
    assert settings == {
        "index-url": "https://mirror.example.org/simple",
        "extra-index-url": "file:///srv/pypi/simple\nhttps://more.example.org/simple",
        # The install section over the global one, a variable over both.
        "find-links": "/srv/install-wheels /srv/more-wheels",
        "timeout": "180",
        "cert": "/etc/ssl/certs/ca-certificates.crt",
        "constraint": "/etc/pip/constraints.txt",
        "trusted-host": "mirror.example.org",
    }


def test_uv_is_given_pips_indexes_wheel_folders_certificate_and_constraints():
    env = install.uv_environment(install.pip_settings(LISTING), environ={})
    assert env == {
        "UV_DEFAULT_INDEX": "https://mirror.example.org/simple",
        "UV_INDEX": "file:///srv/pypi/simple https://more.example.org/simple",
        "UV_INDEX_STRATEGY": "unsafe-best-match",
        "UV_FIND_LINKS": "/srv/install-wheels,/srv/more-wheels",
        "SSL_CERT_FILE": "/etc/ssl/certs/ca-certificates.crt",
        "UV_CONSTRAINT": "/etc/pip/constraints.txt",
        "UV_INSECURE_HOST": "mirror.example.org",
        "UV_HTTP_TIMEOUT": "180",
    }


def test_uvs_own_settings_win_over_pips():
    environ = {"UV_DEFAULT_INDEX": "https://uv.example.org/simple", "SSL_CERT_FILE": "/mine.pem"}
    env = install.uv_environment(install.pip_settings(LISTING), environ=environ)
    assert "UV_DEFAULT_INDEX" not in env
    assert "SSL_CERT_FILE" not in env
    assert env["UV_INDEX"] == "file:///srv/pypi/simple https://more.example.org/simple"


@pytest.mark.parametrize("listing", ["", "no settings at all\n", "global.index-url=[unclosed\n"])
def test_a_pip_without_settings_leaves_uv_on_its_defaults(listing):
    assert install.uv_environment(install.pip_settings(listing), environ={}) == {}
