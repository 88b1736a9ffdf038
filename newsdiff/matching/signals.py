"""Signals of the matching app, for the layers above it to act on."""

from django.dispatch import Signal

# A match wrote these events (new ones and those it changed), inside its transaction.
# Argument: ``event_ids``. The framing app finds their differences ahead of the pages.
events_written = Signal()
