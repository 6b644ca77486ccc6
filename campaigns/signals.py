"""Signals campaigns sends, so the apps above it (webhooks) hear of a change without
campaigns importing them."""

from django.dispatch import Signal

# Staff approved co-signers of a statement (cosigner_ids=), in the approving transaction.
cosigners_approved = Signal()
