"""Configuration: every environment variable the code reads is documented in the README."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
READ_PATTERNS = (
    re.compile(r"env_(?:str|bool|int|list|rate)\(\s*[\"']([A-Z][A-Z0-9_]+)[\"']"),
    re.compile(r"os\.environ(?:\.get)?\(\s*[\"']([A-Z][A-Z0-9_]+)[\"']"),
    re.compile(r"os\.environ\[\s*[\"']([A-Z][A-Z0-9_]+)[\"']\s*\]"),
    re.compile(r"os\.getenv\(\s*[\"']([A-Z][A-Z0-9_]+)[\"']"),
)
# Set by tools, not by an operator of the tracker.
NOT_CONFIGURATION = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "CI"}


def variables_read_by_the_code() -> set[str]:
    found: set[str] = set()
    for folder in ("tracker", "prisoners", "releases", "sources", "partners"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for pattern in READ_PATTERNS:
                found.update(pattern.findall(text))
    return found - NOT_CONFIGURATION


def documented_variables() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|", section, flags=re.MULTILINE))


def test_the_scan_finds_the_core_variables():
    # Guards the test itself: if the patterns stopped matching, the next test would pass
    # while checking nothing.
    assert {
        "DATABASE_URL",
        "REDIS_URL",
        "DJANGO_SECRET_KEY",
        "DJANGO_DEBUG",
    } <= variables_read_by_the_code()


def test_every_environment_variable_is_documented_in_the_readme():
    missing = variables_read_by_the_code() - documented_variables()
    assert not missing, f"add these to the README's Configuration table: {sorted(missing)}"


def test_readme_documents_no_variable_that_nothing_reads():
    stale = documented_variables() - variables_read_by_the_code()
    assert not stale, f"the README documents variables no code reads: {sorted(stale)}"


def test_secret_key_is_required_when_debug_is_off():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_database_url_selects_postgresql():
    import dj_database_url

    config = dj_database_url.parse("postgres://postgres@127.0.0.1:5432/tracker")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "tracker"


def _settings_in_a_subprocess(extra_env: dict[str, str], expression: str):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
        **extra_env,
    }
    return subprocess.run(
        [sys.executable, "-c", f"from django.conf import settings; print({expression})"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_malformed_throttle_rate_is_refused_at_startup_naming_the_variable():
    result = _settings_in_a_subprocess({"API_THROTTLE_ANON": "lots"}, "settings.API_THROTTLE_ANON")
    assert result.returncode != 0
    assert "API_THROTTLE_ANON must be a count per period" in result.stderr
    assert "'lots'" in result.stderr
    fine = _settings_in_a_subprocess({"API_THROTTLE_KEY": "500/hour"}, "settings.API_THROTTLE_KEY")
    assert fine.stdout.strip() == "500/hour"


def test_postgresql_prepares_statements_unless_turned_off():
    options = "settings.DATABASES['default']['OPTIONS']"
    url = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/tracker"}
    on = _settings_in_a_subprocess(url, options)
    assert "'server_side_binding': True" in on.stdout
    assert "'prepare_threshold': 5" in on.stdout
    off = _settings_in_a_subprocess({**url, "DATABASE_PREPARE_THRESHOLD": "0"}, options)
    assert "'prepare_threshold': None" in off.stdout
