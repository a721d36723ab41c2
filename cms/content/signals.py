"""Signals the ground sends or lets the domains send, for the layers above to follow."""

from django.dispatch import Signal

# A domain changed what the public is shown of these pages (``page_ids``) without publishing
# them — a document given its index number after it went live. The public read model re-renders
# them.
public_view_changed = Signal()
