"""The result of checking one link once, whichever way it was checked."""

from dataclasses import dataclass

from .models import FAILING_STATES, LinkState

FAILING = frozenset(FAILING_STATES)
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
