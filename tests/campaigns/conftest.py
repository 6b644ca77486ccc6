import pytest

from campaigns.models import Campaign, CoSigner, LetterTemplate
from tests.conftest import make_campaign


@pytest.fixture
def statement(db):
    """A joint statement with its own action: a letter to the supporter's MP."""
    campaign = make_campaign(
        title="Uphold the right to dissent",
        slug="uphold-the-right-to-dissent",
        kind=Campaign.Kind.STATEMENT,
        story="<p>We stand together for the right to dissent.</p>",
        action_title="Tell your MP you oppose the anti-Boycott motion!",
    )
    LetterTemplate.objects.create(
        campaign=campaign,
        subject="Oppose the motion",
        body="I oppose the motion.",
        to_supporters_mp=True,
    )
    for position, name in enumerate(["Canadian Labour Congress", "United Church of Canada"]):
        CoSigner.objects.create(
            campaign=campaign,
            name=name,
            url="https://example.org/",
            position=position,
            status=CoSigner.Status.APPROVED,
        )
    return campaign
