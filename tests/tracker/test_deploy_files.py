"""The container files name modules and commands that exist."""

import importlib
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_compose_has_the_services_of_the_design():
    assert {"db", "redis", "web", "worker", "beat"} <= set(compose()["services"])
    assert "healthcheck" in compose()["services"]["db"]


def test_compose_commands_name_modules_that_exist():
    seen = 0
    for name, service in compose()["services"].items():
        command = service.get("command")
        if not command:
            continue
        text = command if isinstance(command, str) else " ".join(command)
        for module in re.findall(r"(?:-A|--app)\s+([\w.]+)", text) + re.findall(
            r"\b([\w.]+)(?::application|\.wsgi)\b", text
        ):
            importlib.import_module(module if module.endswith("wsgi") else module)
            seen += 1
        for command_name in re.findall(r"manage\.py\s+(\w+)", text):
            from django.core.management import get_commands

            assert command_name in get_commands(), f"{name}: no manage.py {command_name}"
            seen += 1
    assert seen >= 3


def test_dockerfile_uses_python_311_slim():
    assert "FROM python:3.11-slim" in (ROOT / "Dockerfile").read_text(encoding="utf-8")


def test_compose_serves_with_the_dockerfile_worker_options():
    # The benchmark reads its gunicorn options from the Dockerfile (bench/ours.py); the
    # compose file must run the same, or the numbers describe another server.
    from bench.ours import production_worker_options

    options = " ".join(production_worker_options())
    assert options == "--worker-class gthread --workers 4 --threads 2"
    assert options in compose()["services"]["web"]["command"]
