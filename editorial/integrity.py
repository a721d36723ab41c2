"""An approval is of one exact content: the hash of the revision the reviewer saw."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder


def content_hash(revision) -> str:
    data = json.dumps(revision.content, sort_keys=True, cls=DjangoJSONEncoder, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()
