import pytest

# The real worker's fixtures (a Celery worker process, Redis as broker, an SMTP sink).
from tests.letters.test_delivery_worker import broker, sink, workers  # noqa: F401
from tests.webhooks.receiver import Receiver
from webhooks.models import Endpoint


def make_endpoint(url: str, *events: str, **fields) -> Endpoint:
    return Endpoint.objects.create(
        name=fields.pop("name", "Partner CRM"),
        url=url,
        events=list(events or Endpoint.Event.values),
        **fields,
    )


@pytest.fixture
def receiver():
    with Receiver() as server:
        yield server
