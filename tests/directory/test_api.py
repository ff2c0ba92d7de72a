"""Our own JSON API: public reads, authenticated writes, declared in the OpenAPI schema."""

import json


def test_it_searches_published_initiatives(client, seeded):
    body = client.get("/api/v1/directory/initiatives?age=40&type=meeting_place").json()
    assert "Mænds Mødesteder" in {i["name"] for i in body}
    assert all(i["initiative_type"] == "meeting_place" for i in body)


def test_it_refuses_anonymous_writes(client, ventilen):
    response = client.patch(
        f"/api/v1/directory/initiatives/{ventilen.pk}",
        data=json.dumps({"description": "x"}),
        content_type="application/json",
    )
    assert response.status_code == 401
    response = client.post(
        "/api/v1/directory/suggestions",
        data=json.dumps({"name": "x", "description": "y"}),
        content_type="application/json",
    )
    assert response.status_code == 401


def test_it_lets_an_editor_patch_only_their_own(client, people, ventilen, aeldre_sagen_visits):
    client.force_login(people["editor"])
    ok = client.patch(
        f"/api/v1/directory/initiatives/{ventilen.pk}",
        data=json.dumps({"description": "Vi ses om tirsdagen."}),
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["description"] == "Vi ses om tirsdagen."
    refused = client.patch(
        f"/api/v1/directory/initiatives/{aeldre_sagen_visits.pk}",
        data=json.dumps({"description": "x"}),
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_it_declares_authentication_on_every_write(client, seeded):
    schema = client.get("/api/v1/openapi.json").json()
    writes = [
        (path, method, op)
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
        if method in ("post", "put", "patch", "delete")
    ]
    assert writes
    # Joining or leaving an activity needs no account (issue 13): those two writes are
    # anonymous by design, rate-limited per address, and nothing else is.
    anonymous = {
        ("/api/v1/activities/{activity_id}/signups", "post"),
        ("/api/v1/activities/signups/cancel", "post"),
    }
    for path, method, op in writes:
        if (path, method) in anonymous:
            assert not op.get("security")
            continue
        assert op.get("security"), f"{method.upper()} {path} declares no authentication"
    assert anonymous <= {(path, method) for path, method, _op in writes}
