"""The JSON API at /api/v1/ with its OpenAPI schema at /api/v1/openapi.json."""

from ninja import NinjaAPI

from brobygger.directory.api import router as directory_router
from brobygger.referrals.api import router as referrals_router

api = NinjaAPI(
    title="Brobygger API",
    version="1",
    description="Directory of initiatives, referrals and insight. Writes need authentication.",
    urls_namespace="api-v1",
)
api.add_router("/directory", directory_router)
api.add_router("/referrals", referrals_router)
