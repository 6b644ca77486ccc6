from .identity import identity


def site(request):
    """The organization on every page: its header and footer (campaigns/identity.py)."""
    organization = identity()
    return {"ORG": organization, "ORG_NAME": organization.short_name}
