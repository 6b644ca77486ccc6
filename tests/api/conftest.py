from api import services
from api.models import ApiKey


def make_key(*, scopes=("counts",), partner=None, **fields) -> tuple[ApiKey, str]:
    """A saved key with these scopes, and its secret."""
    key = ApiKey(
        name=fields.pop("name", "CRM sync"),
        partner=partner,
        can_read_counts="counts" in scopes,
        can_read_letters="letters" in scopes,
        can_read_people="people" in scopes,
        **fields,
    )
    return key, services.issue_key(key)


def auth(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
