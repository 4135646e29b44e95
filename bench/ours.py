"""Our side: the tracker served as in production, and the SQL its CSV export runs.

The server is gunicorn with the production command of the Dockerfile (its worker
options are read from the Dockerfile's CMD, so the two cannot drift) and production settings
(``DJANGO_DEBUG=0``); the only departures are the ones loopback needs: plain HTTP
(``DJANGO_SECURE_SSL_REDIRECT=0``), ``DJANGO_ALLOWED_HOSTS=127.0.0.1``, and an anonymous
throttle high enough that the benchmark measures serving, not the 429 path.

Nothing here re-implements the product: the export statement and the names come from
the product's own viewset, export declaration and models.
"""

from __future__ import annotations

import json
import re
import secrets
import sys
from pathlib import Path

from bench.procs import Server

ROOT = Path(__file__).resolve().parent.parent


def production_worker_options() -> list[str]:
    """The Dockerfile CMD's gunicorn options after ``--bind ADDRESS``: the worker class,
    workers and threads production runs with."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", text, flags=re.MULTILINE).group(1))
    return cmd[cmd.index("--bind") + 2 :]


def _option(name: str) -> str:
    options = production_worker_options()
    return options[options.index(name) + 1]


WORKERS = int(_option("--workers"))
THREADS = int(_option("--threads"))

LIST_PATH = "/api/v1/prisoners/"
CSV_PATH = "/api/v1/prisoners/?format=csv"


def environment(
    base: dict[str, str], *, database_url: str, redis_url: str | None
) -> dict[str, str]:
    env = {k: v for k, v in base.items() if not k.startswith(("DJANGO_", "API_THROTTLE"))}
    env.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "tracker.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_LOG_LEVEL": "WARNING",
            "API_THROTTLE_ANON": "1000000/min",
            "API_THROTTLE_KEY": "1000000/min",
            # The ingest scenario serves its feed files on loopback.
            "FEEDS_ALLOW_PRIVATE_ADDRESSES": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def server(*, port: int, env: dict[str, str], work: Path) -> Server:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return Server(
        name="gunicorn",
        argv=[
            str(gunicorn),
            "tracker.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            *production_worker_options(),
            "--log-level",
            "warning",
        ],
        env=env,
        port=port,
        cwd=ROOT,
        log=work / "gunicorn.log",
    )


def detail_path(slug: str) -> str:
    return f"/api/v1/prisoners/{slug}/"


def search_path(query: str) -> str:
    from urllib.parse import quote

    return f"/api/v1/prisoners/?search={quote(query)}"


def export_statement() -> str:
    """The SELECT our CSV export streams through COPY, bound exactly as the product binds it.

    Built from ``PersonViewSet``'s own queryset, ordering and export declaration, so
    the floor (psql running this statement) returns the same rows and columns as ours.
    """
    import psycopg
    from django.db import connection

    from prisoners.api_views import PersonViewSet

    view = PersonViewSet()
    queryset = view.get_queryset().order_by(*view.get_cursor_ordering())
    rows = view.export.csv_rows(queryset)
    sql, params = rows.query.sql_with_params()
    connection.ensure_connection()
    binder = psycopg.ClientCursor(connection.connection)
    return binder.mogrify(sql, params)


def export_header() -> list[str]:
    from prisoners.api_views import PersonViewSet

    return list(PersonViewSet.export.header)


def public_names() -> dict[str, str]:
    """Slug → every stored spelling of the name, for the peer's full-text index.

    Only people our public reads show (``Person.objects.public()``), so both sides
    search the same people.
    """
    from prisoners.models import Person, PersonName

    names: dict[str, list[str]] = {}
    rows = (
        PersonName.objects.filter(person__in=Person.objects.public())
        .order_by("person_id", "pk")
        .values_list("person__slug", "text")
    )
    for slug, text in rows.iterator(chunk_size=20000):
        names.setdefault(slug, []).append(text)
    return {slug: " | ".join(texts) for slug, texts in names.items()}
