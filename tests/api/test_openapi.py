"""The OpenAPI document validates, and the reference page shows it."""

import json

from django.core.management import call_command
from drf_spectacular.validation import validate_schema


def test_it_publishes_an_openapi_document_that_validates(client, tmp_path):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)  # raises on anything OpenAPI 3 does not allow
    assert set(schema["paths"]) == {
        "/api/v1/",
        "/api/v1/advocacy_campaigns/",
        "/api/v1/advocacy_campaigns/{id}/",
        "/api/v1/outreaches/",
        "/api/v1/outreaches/{public_id}/",
        "/api/v1/people/",
    }
    assert schema["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"
    embedded = schema["components"]["schemas"]["PeopleEmbedded"]["properties"]
    assert embedded["osdi:people"]["items"]["$ref"] == "#/components/schemas/Person"


def test_it_generates_the_document_without_a_warning(tmp_path):
    # drf-spectacular's own check: validate, and fail on any warning it would print.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "o.yml"))


def test_it_shows_a_reference_page_to_anyone(client):
    response = client.get("/api/v1/reference/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "GET /api/v1/people/" in page
    assert "modified_date gt" in page
    assert "Authorization: Bearer &lt;key&gt;" in page
