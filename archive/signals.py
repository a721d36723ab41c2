from django.dispatch import Signal

# Sent inside the transaction that files or restores pages, with ``page_ids`` and the
# ``content_type_ids`` among them: whatever shows other pages' archive state (links between
# pages) follows it.
archive_changed = Signal()
