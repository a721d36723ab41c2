"""Chinese search across the platform (R27; issue 13): words, ranking, an embedded backend by
default and Elasticsearch when a cluster is configured.

It sits between the domains and the public API: the public read model hands it what the public
may see, and the API asks it. Built so far: the segmenter (:mod:`.segment`) and the embedded
index (:mod:`.models`, :mod:`.embedded`); the read model does not feed it yet, nor does the API
ask it.
"""
