from urllib.parse import parse_qs, unquote, urlsplit

from django.core.mail import EmailMessage

from letters.links import compose_links, share_links

BODY = "Dear Minister Goodale,\n\nStop it & let her stay: 100% sure?\n\nSincerely,\nJane Doe"


def message() -> EmailMessage:
    return EmailMessage(
        subject="Let Jane's neighbour stay & thrive",
        body=BODY,
        from_email="Jane Doe via ICLMG <letters@iclmg.example>",
        to=["Ralph Goodale <ralph.goodale@parl.gc.ca>", "John McCallum <john@parl.gc.ca>"],
        cc=["campaign@example.org"],
    )


def test_it_builds_a_mailto_link_with_to_cc_subject_and_body():
    link = compose_links(message())["mailto"]

    parts = urlsplit(link)
    query = parse_qs(parts.query)
    assert parts.scheme == "mailto"
    assert unquote(parts.path) == "ralph.goodale@parl.gc.ca,john@parl.gc.ca"
    assert query["cc"] == ["campaign@example.org"]
    assert query["subject"] == ["Let Jane's neighbour stay & thrive"]
    assert query["body"] == [BODY.replace("\n", "\r\n")]
    # Spaces are %20 (not "+", which mail apps show as a plus sign); & and % are escaped.
    assert "+" not in link
    assert "%20%26%20thrive" in link
    assert "100%25" in link


def test_it_builds_a_gmail_compose_link():
    link = compose_links(message())["gmail"]

    parts = urlsplit(link)
    query = parse_qs(parts.query)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://mail.google.com/mail/"
    assert query["view"] == ["cm"]
    assert query["to"] == ["ralph.goodale@parl.gc.ca,john@parl.gc.ca"]
    assert query["cc"] == ["campaign@example.org"]
    assert query["su"] == ["Let Jane's neighbour stay & thrive"]
    assert query["body"] == [BODY]


def test_it_builds_an_outlook_compose_link():
    link = compose_links(message())["outlook"]

    parts = urlsplit(link)
    query = parse_qs(parts.query)
    assert parts.netloc == "outlook.live.com"
    assert parts.path == "/mail/0/deeplink/compose"
    assert query["to"] == ["ralph.goodale@parl.gc.ca,john@parl.gc.ca"]
    assert query["cc"] == ["campaign@example.org"]
    assert query["subject"] == ["Let Jane's neighbour stay & thrive"]
    assert query["body"] == [BODY]


def test_it_leaves_cc_out_of_the_mailto_link_when_there_is_none():
    bare = message()
    bare.cc = []

    assert "cc=" not in compose_links(bare)["mailto"]


def test_it_shares_the_campaign_as_plain_links():
    links = share_links(url="https://iclmg.example/campaigns/harkat/", title="Free Harkat")

    by_name = {link["name"]: link["url"] for link in links}
    assert list(by_name) == [
        "Share by email",
        "Share on Facebook",
        "Share on X",
        "Share on Bluesky",
        "Share on WhatsApp",
    ]
    assert parse_qs(urlsplit(by_name["Share on Facebook"]).query)["u"] == [
        "https://iclmg.example/campaigns/harkat/"
    ]
    assert parse_qs(urlsplit(by_name["Share on X"]).query)["url"] == [
        "https://iclmg.example/campaigns/harkat/"
    ]
    bluesky = parse_qs(urlsplit(by_name["Share on Bluesky"]).query)["text"][0]
    assert bluesky.endswith("Free Harkat https://iclmg.example/campaigns/harkat/")
    assert by_name["Share on WhatsApp"].startswith("https://wa.me/?text=")
