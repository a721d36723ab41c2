"""The result of checking one link once, whichever way it was checked."""

from dataclasses import dataclass

from .models import LinkState

# States that list a link as broken; the first two are failures of the address itself.
FAILING = frozenset({LinkState.DEAD, LinkState.TIMEOUT, LinkState.FILED})
WORKING = frozenset({LinkState.ALIVE, LinkState.REDIRECTED})


@dataclass(frozen=True)
class Outcome:
    state: str
    status_code: int | None = None
    final_url: str = ""
    error: str = ""
    elapsed_ms: int = 0
    attempts: int = 1

    @property
    def failing(self) -> bool:
        return self.state in FAILING
