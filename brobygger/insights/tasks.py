"""Background tasks (django-tasks; the database backend runs them in `manage.py brobygger_worker`,
which recovers after a dead worker and then runs django-tasks-db's `db_worker`)."""

from django_tasks import task

from brobygger.insights import services


@task()
def analyse_upload(run_id: str) -> str:
    return services.run_execute(run_id=run_id).status


@task()
def prepare_demo(language: str) -> str:
    return str(services.demo_ensure(language))
