from celery import shared_task

from . import services


@shared_task
def send_questionnaires() -> int:
    """Ask supporters whose letters reached their targets a while ago whether they got a reply."""
    return services.send_due_questionnaires()


@shared_task
def refresh_figures() -> int:
    """Recount each target's letters delivered and answers, for the public pages."""
    return services.refresh_tallies()
