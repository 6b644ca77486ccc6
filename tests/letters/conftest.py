import pytest
from django.core.cache import cache


@pytest.fixture
def fresh_pace():
    """An untouched sending budget (the pace's counters live in the cache)."""
    cache.clear()
    yield
    cache.clear()
