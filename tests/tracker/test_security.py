"""Production settings: the deploy check is clean and every response carries the headers."""

import os
import re
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Referrer-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
)


def _deploy_check(**extra: str) -> subprocess.CompletedProcess:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
        "DJANGO_ALLOWED_HOSTS": "tracker.example.org",
        **extra,
    }
    if "DATABASE_URL" in os.environ:
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_settings():
    result = _deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stdout


def test_deploy_check_notices_a_missing_ssl_redirect():
    # Guards the test above: the check really runs against the environment it is given.
    result = _deploy_check(DJANGO_SECURE_SSL_REDIRECT="0")
    assert "security.W008" in result.stdout + result.stderr


def _assert_security_headers(response) -> None:
    for header in SECURITY_HEADERS:
        assert header in response.headers, f"{header} missing on {response.request['PATH_INFO']}"
    csp = response.headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    script_src = directives.get("script-src", directives.get("default-src"))
    assert script_src == ["'self'"], csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/admin/login/", 200),
        ("/api/v1/prisoners/", 200),
        ("/api/v1/prisoners/?format=csv", 200),
        ("/no-such-page/", 404),
        ("/api/v1/prisoners/no-such-person/", 404),
    ],
)
def test_security_headers_on_pages_api_and_errors(client, path, status):
    response = client.get(path, secure=True)
    assert response.status_code == status
    _assert_security_headers(response)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/admin/login/"])
def test_pages_have_no_inline_scripts(client, path):
    body = client.get(path, secure=True).content.decode()
    for tag in re.findall(r"<script\b[^>]*>", body, flags=re.IGNORECASE):
        assert "src=" in tag or 'type="application/json"' in tag, tag


@pytest.mark.django_db
def test_ssl_redirect_works_behind_a_proxy(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    plain = client.get("/admin/login/")
    assert plain.status_code == 301
    assert plain.headers["Location"].startswith("https://")
    # The proxy terminated TLS and says so: no redirect loop.
    proxied = client.get("/admin/login/", HTTP_X_FORWARDED_PROTO="https")
    assert proxied.status_code == 200
    # A client cannot fake it on a plain request that the proxy relabels as http.
    relabelled = client.get("/admin/login/", HTTP_X_FORWARDED_PROTO="http")
    assert relabelled.status_code == 301


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_http_only(client, settings):
    from django.contrib.auth.models import User

    User.objects.create_user("editor", password="pw-for-tests-only", is_staff=True)
    login = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "pw-for-tests-only"},
        secure=True,
    )
    assert login.status_code == 302
    session = login.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
    assert int(session["max-age"]) <= 12 * 60 * 60
