"""Without REDIS_URL there is no queue: tasks run in the calling process."""

import pytest
from django.conf import settings

from tracker.celery import app


@pytest.mark.skipif(bool(settings.REDIS_URL), reason="REDIS_URL is set: tasks go to the queue")
def test_tasks_run_in_process_without_redis():
    @app.task
    def add(a, b):
        return a + b

    assert add.delay(2, 3).get() == 5


def test_celery_reads_the_django_settings():
    assert app.conf.task_acks_late is True
    assert app.conf.broker_url == (settings.REDIS_URL or "memory://")
