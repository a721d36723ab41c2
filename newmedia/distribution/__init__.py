"""One source, many channels (R28): an item published on the site goes to the unit's new-media
channels from the same reviewed content, through a transactional outbox.

* :mod:`.models` — the channels and the deliveries (the outbox rows).
* :mod:`.rules` — which channels take an item, and what a publish or take-down queues.
* :mod:`.payload` — the item as the public sees it (its live revision and release).
* :mod:`.outbox` — writing, claiming, recording and retrying deliveries.
* :mod:`.adapters` — how a delivery reaches a channel: one interface, a registry by key.
* :mod:`.worker` — one pass of the worker (``manage.py newmedia_deliver``).
"""
