"""The evaluation's JSON API, mounted beside the referrals API at /api/v1/referrals/ (where
clients have always found it): aggregates of real referrals only, no personal data."""

from __future__ import annotations

from ninja import Router, Schema

from brobygger.accounts.tokens import TOKEN_OR_SESSION
from brobygger.core.api import Message, require
from brobygger.insights.evaluation import referrals as evaluation

router = Router(tags=["referrals"], auth=TOKEN_OR_SESSION)
REFUSED = {401: Message, 403: Message}


class FunnelOut(Schema):
    arena: str
    month: str
    referred: int
    contacted: int
    first_visit: int
    participating: int


@router.get(
    "/evaluation/funnel",
    response={200: list[FunnelOut], **REFUSED},
    summary="The funnel per arena and month (aggregates only, real referrals only)",
)
def evaluation_funnel(request):
    require(request, "referrals.view_evaluation")
    return evaluation.funnel(evaluation.cases())
