"""The Celery application, laid out as the Celery documentation describes for Django.

Tasks live in each app's ``tasks.py`` and are found by ``autodiscover_tasks``. With
``REDIS_URL`` unset the settings make every task run eagerly in the calling process.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
