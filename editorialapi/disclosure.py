"""Disclosure monitoring for authenticated clients (R10): the documents of the caller's units
whose proactive disclosure is near or past its deadline. Joins the editorial API, with its
tokens and its errors."""

import datetime

from ninja import Field, Query, Router, Schema

from cms.content.models.columns import pages_in_reach
from interpretation.deadlines import NEAR_WORKING_DAYS, open_deadlines
from interpretation.models import PolicyDocumentPage
from publicapi.schemas import Error

router = Router(tags=["disclosure"])


class DeadlineQuery(Schema):
    within: int = Field(
        NEAR_WORKING_DAYS, ge=0, le=60, description="Working days ahead counted as near."
    )


class DeadlineEntry(Schema):
    page_id: int
    title: str
    live: bool = Field(description="The page is live, with older information than is due.")
    formed_on: datetime.date
    due_on: datetime.date | None = Field(description="None while the holiday schedule is missing.")
    workdays_left: int | None = Field(description="Negative when overdue.")
    state: str = Field(description="near, overdue or unknown.")
    label: str


@router.api_operation(
    ["GET", "HEAD"],
    "/deadlines",
    response={200: list[DeadlineEntry], 400: Error, 401: Error},
    summary="Documents near or past their disclosure deadline",
)
def deadlines(request, query: Query[DeadlineQuery]):
    """Undisclosed information of the caller's units due within ``within`` working days,
    overdue, or with no known due date: most urgent first."""
    visible = dict(
        PolicyDocumentPage.objects.filter(pages_in_reach(request.user)).values_list("pk", "live")
    )
    return [
        {
            "page_id": report.record.page_id,
            "title": report.record.page.title,
            "live": visible[report.record.page_id],
            "formed_on": report.record.formed_on,
            "due_on": report.record.due_on,
            "workdays_left": report.workdays_left,
            "state": report.state,
            "label": str(report.label),
        }
        for report in open_deadlines(within=query.within)
        if report.record.page_id in visible
    ]
