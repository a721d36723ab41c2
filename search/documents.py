"""What is indexed of a page: its parts as the public reads them, cut into words here.

The title weighs most, then the document's numbers (发文字号 under the token every spelling of
it is searched by, and 索引号), then everything else the public reads of it, where numbers it
cites are also indexed under their tokens.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from .models import IndexedPage
from .segment import as_indexed
from .understanding import number_tokens


@dataclass(frozen=True)
class Document:
    page_id: int
    site_id: int
    column_path: str
    kind: str
    title: str
    numbers: tuple[str, ...]
    body: str
    published_at: datetime | None
    archived: bool
    validity: str = ""


def indexed(document: Document) -> IndexedPage:
    numbers = [number for number in document.numbers if number]
    tokens = [token for number in numbers for token in number_tokens(number)]
    return IndexedPage(
        page_id=document.page_id,
        site_id=document.site_id,
        column_path=document.column_path,
        kind=document.kind,
        title=document.title,
        published_at=document.published_at,
        archived=document.archived,
        validity=document.validity,
        title_words=as_indexed(document.title),
        number_words=" ".join([*tokens, *map(as_indexed, numbers)]),
        # A document number the text cites is found under its token too, below the title's.
        body_words=" ".join([as_indexed(document.body), *number_tokens(document.body)]),
    )


def indexed_all(documents: Iterable[Document]) -> list[IndexedPage]:
    return [indexed(document) for document in documents]
