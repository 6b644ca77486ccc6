"""Signals digest sends, so the apps above it (webhooks) hear of a change without
digest importing them."""

from django.dispatch import Signal

# A subscriber confirmed their address (subscriber=), in the transaction that confirmed it.
subscriber_confirmed = Signal()
