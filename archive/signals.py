from django.dispatch import Signal

# Sent inside the transaction that files or restores pages, with ``page_ids`` and the
# ``content_type_ids`` among them: whatever shows these pages' archive state (the public read
# model, and the pages linked to them there) follows it.
archive_changed = Signal()
