import pytest
from django.core.cache import cache

from tests.conftest import unwrite_organization


@pytest.fixture
def fresh_pace():
    """An untouched sending budget (the pace's counters live in the cache)."""
    cache.clear()
    unwrite_organization()
    yield
    cache.clear()
