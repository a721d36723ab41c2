"""Chinese search across the platform (R27; issue 13): words, ranking, an embedded backend by
default and Elasticsearch when a cluster is configured.

It sits between the domains and the public API: the public read model hands it what the public
may see, and the API asks it (:mod:`.index`, whichever backend). Built so far: the segmenter
(:mod:`.segment`), the embedded index (:mod:`.models`, :mod:`.embedded`) and the Elasticsearch
backend (:mod:`.elastic`); the read model does not feed them yet, nor does the API ask them.
"""
