"""Review on Wagtail's own Workflow/Task/TaskState (no status field of our own).

The records (:mod:`.records`) are below the review's logic — rules, services, selectors and
findings import them from there — and the task (:mod:`.tasks`) above it, handing Wagtail's
questions to that logic.
"""

from .records import APPLYING_STAGE, Clearance, Countersignature, ReviewTaskState
from .tasks import ReviewStageTask

__all__ = [
    "APPLYING_STAGE",
    "Clearance",
    "Countersignature",
    "ReviewStageTask",
    "ReviewTaskState",
]
