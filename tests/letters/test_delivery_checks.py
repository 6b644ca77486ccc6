from letters.checks import check_webhook_secret


def test_it_warns_when_a_provider_has_no_webhook_secret(settings):
    settings.EMAIL_PROVIDER = "postmark"
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "token", "WEBHOOK_SECRET": None}

    (warning,) = check_webhook_secret(None)

    assert warning.id == "letters.W001"


def test_it_is_quiet_with_a_secret_or_with_smtp(settings):
    settings.EMAIL_PROVIDER = "postmark"
    assert check_webhook_secret(None) == []  # test settings have a secret

    settings.EMAIL_PROVIDER = ""
    settings.ANYMAIL = {"WEBHOOK_SECRET": None}
    assert check_webhook_secret(None) == []
