"""What a backup records of the layers above the ground, and who seals its manifest.

The backup is ground (``cms.backup``) and imports nothing of the public API; the public API
registers here, from its ``AppConfig.ready()``, what proves that the public is shown the same
after a restore: digests of its read model, the addresses whose answers must be the same bytes,
and the keyed seal of the manifest (its key is the publication signing key). A platform without
the public API records none of it, and its backups are sealed by their SHA-256 alone.

Files kept outside the media (citizens' attachments, which must have no URL) are registered
here too, as private trees: each is backed up in a tar of its own and restored to where the
platform keeps it (or below ``restore --private-root``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sealer:
    """``sign(data) -> signature``; ``verify(data, signature) -> bool``."""

    sign: Callable[[bytes], str]
    verify: Callable[[bytes, str], bool]


_digests: dict[str, Callable[[], object]] = {}
_sample_urls: dict[str, Callable[[], list[str]]] = {}
_sealers: list[Sealer] = []
_private_trees: dict[str, Callable[[], Path]] = {}


def register_digest(name: str, compute: Callable[[], object]) -> None:
    """``compute()`` gives JSON-able facts about the database that a restore must find equal."""
    _digests[name] = compute


def register_sample_urls(name: str, urls: Callable[[], list[str]]) -> None:
    """``urls()`` gives addresses (GET, anonymous) whose answers a restore must find the same."""
    _sample_urls[name] = urls


def register_sealer(sealer: Sealer) -> None:
    _sealers[:] = [sealer]


def digests() -> dict[str, object]:
    return {name: compute() for name, compute in sorted(_digests.items())}


def sample_urls() -> list[str]:
    urls: list[str] = []
    for _name, listed in sorted(_sample_urls.items()):
        urls += [url for url in listed() if url not in urls]
    return urls


def sealer() -> Sealer | None:
    return _sealers[0] if _sealers else None


def register_private_tree(name: str, root: Callable[[], Path]) -> None:
    """``root()`` gives a directory of files kept outside the media that a backup must hold."""
    _private_trees[name] = root


def private_trees() -> dict[str, Path]:
    return {name: Path(root()) for name, root in sorted(_private_trees.items())}
