from celery import shared_task

from . import tallies


@shared_task
def fold_counts() -> int:
    """Add the letters stored since the last fold to the public counts and the reports."""
    return tallies.fold_counts()


@shared_task
def reconcile_counts() -> int:
    """Recount every campaign from its letters, repairing any drift."""
    return len(tallies.reconcile_counts())
