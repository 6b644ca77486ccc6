import pytest

# Fields staff write in English and French: the admin's boxes are title_en, title_fr...
TRANSLATED = {
    "title", "summary", "story", "result", "hero_alt", "appeal_text", "action_title",
    "letter_templates-0-subject", "letter_templates-0-body",
}  # fmt: skip


def in_english(data: dict) -> dict:
    """Form data with each translated field's value in its English box."""
    return {f"{k}_en" if k in TRANSLATED else k: v for k, v in data.items()}


def campaign_post_data(*, targets=(), **overrides) -> dict:
    """What the campaign admin's add form posts: the campaign and one model letter."""
    data = {
        "languages": "en",
        "title": "Stop Bill C-59 surveillance powers",
        "slug": "stop-bill-c-59",
        "kind": "letter",
        "summary": "Tell the ministers to drop the new powers.",
        "story": "<div>The bill <strong>lets agencies</strong> share your data.</div>",
        "hero_alt": "",
        "status": "draft",
        "publish_at_0": "",
        "publish_at_1": "",
        "close_at_0": "",
        "close_at_1": "",
        "goal": "500",
        "result": "",
        "show_appeal": "on",
        "appeal_text": "",
        "appeal_url": "",
        "letter_templates-TOTAL_FORMS": "1",
        "letter_templates-INITIAL_FORMS": "0",
        "letter_templates-MIN_NUM_FORMS": "0",
        "letter_templates-MAX_NUM_FORMS": "1000",
        "letter_templates-0-subject": "Drop the new powers, {first_name} asks",
        "letter_templates-0-body": "I live in {city} and I ask you to drop them.",
        "letter_templates-0-editable": "on",
        "letter_templates-0-targets": [str(t.pk) for t in targets],
        "letter_templates-0-cc_addresses": "campaign@iclmg.example",
        "letter_templates-0-position": "0",
        "call_script-TOTAL_FORMS": "0",
        "call_script-INITIAL_FORMS": "0",
        "call_script-MIN_NUM_FORMS": "0",
        "call_script-MAX_NUM_FORMS": "1",
        "_save": "Save",
    }
    data.update(overrides)
    return in_english(data)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    return client
