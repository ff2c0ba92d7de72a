"""The JSON API at /api/v1/ with its OpenAPI schema at /api/v1/openapi.json."""

from ninja import NinjaAPI
from ninja.errors import ValidationError

from brobygger.activities.api import router as activities_router
from brobygger.directory.api import router as directory_router
from brobygger.network.api import router as network_router
from brobygger.referrals.api import router as referrals_router

api = NinjaAPI(
    title="Brobygger API",
    version="1",
    description="Directory of initiatives, referrals and insight. Writes need authentication.",
    urls_namespace="api-v1",
)
api.add_router("/directory", directory_router)
api.add_router("/referrals", referrals_router)
api.add_router("/activities", activities_router)
api.add_router("/network", network_router)


@api.exception_handler(ValidationError)
def _invalid_input(request, exc: ValidationError):
    """Bad input is a client error like any other: 400, with what was wrong and where
    (django-ninja's default is 422)."""
    return api.create_response(request, {"detail": exc.errors}, status=400)
