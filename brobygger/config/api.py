"""The JSON API at /api/v1/ with its OpenAPI schema at /api/v1/openapi.json.

Errors have the shapes ``brobygger.core.api`` documents: a validation error is 400 with
``{"detail": [{"type", "loc", "msg"}]}`` (django-ninja's default is 422, with more keys), and a
caller who is not authenticated gets 401 with ``WWW-Authenticate: Bearer`` (RFC 9110 §11.6.1,
RFC 6750 §3), ``error="invalid_token"`` when the token it sent is not valid.
"""

from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from brobygger.activities.api import router as activities_router
from brobygger.directory.api import router as directory_router
from brobygger.insights.api import router as evaluation_router
from brobygger.network.api import router as network_router
from brobygger.referrals.api import router as referrals_router

REALM = "Brobygger API"
# django-ninja's message for a body it cannot parse (ninja.params.models.BodyModel)
UNPARSABLE_BODY = "Cannot parse request body"


class ApiDocs(Swagger):
    """Swagger UI from our static files, on a page that states its language (``lang``)."""

    template = "web/api_docs.html"


api = NinjaAPI(
    title="Brobygger API",
    version="1",
    description=(
        "Directory of initiatives, referrals and insight. Writes need authentication: "
        "`Authorization: Bearer <token>` (make one on your security page or with "
        "`brobygger users token`), or a signed-in browser session with its CSRF token."
    ),
    urls_namespace="api-v1",
    docs=ApiDocs(),
)
api.add_router("/directory", directory_router)
api.add_router("/referrals", referrals_router)
api.add_router("/referrals", evaluation_router)  # the evaluation lives in insights
api.add_router("/activities", activities_router)
api.add_router("/network", network_router)


@api.exception_handler(ValidationError)
def _invalid_input(request, exc: ValidationError):
    """Bad input is a client error like any other: 400, with what was wrong and where."""
    detail = [
        {"type": error["type"], "loc": list(error["loc"]), "msg": error["msg"]}
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": detail}, status=400)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    """``{"detail": message}``; except a body that is not JSON at all, which is a validation
    error like any other (django-ninja words it as a plain message)."""
    if exc.status_code == 400 and str(exc).startswith(UNPARSABLE_BODY):
        issue = {"type": "json_invalid", "loc": ["body"], "msg": "The body is not valid JSON."}
        return api.create_response(request, {"detail": [issue]}, status=400)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc: AuthenticationError):
    """401 says how to authenticate; a token that was sent and refused is named as such."""
    challenge = f'Bearer realm="{REALM}"'
    if request.headers.get("Authorization", "").lower().startswith("bearer "):
        challenge += ', error="invalid_token"'
    response = api.create_response(
        request, {"detail": "Authentication required: send a valid bearer token."}, status=401
    )
    response["WWW-Authenticate"] = challenge
    return response
