"""The rule the index keeps: it holds exactly the public items of the read model, each with
its title and filed state as the public reads them."""

import json

from publicapi.models import PublicPage
from search.models import IndexedPage


def assert_index_follows_read_model() -> None:
    public = {
        page_id: (json.loads(listing)["title"], archived_at is not None)
        for page_id, listing, archived_at in PublicPage.objects.filter(is_item=True).values_list(
            "page_id", "listing_json", "archived_at"
        )
    }
    indexed = {
        page_id: (title, archived)
        for page_id, title, archived in IndexedPage.objects.values_list(
            "page_id", "title", "archived"
        )
    }
    assert indexed == public
