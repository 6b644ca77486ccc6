"""The production settings plus the bench's URLs: only `make bench` uses this module."""

from advocacy.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
