"""Supporters' personal data at rest: after letters (sent by the site and from their
own mail, with copies and deliveries), News Digest subscriptions and replies are
stored, no table holds a supporter's name, email, postal code or letter text in clear;
lookups by address, uniqueness, erasure and unsubscribing still work, and a key
rotation keeps every record readable."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from advocacy import crypto
from digest import services as digest_services
from digest.models import Subscriber
from letters import delivery as letter_delivery
from letters import services as letter_services
from letters.models import Delivery, Letter
from privacy import services
from replies import services as replies_services
from replies.models import Reply
from tests.conftest import letter_data, make_letter, make_staff
from tests.replies.conftest import asked

SECRETS = [
    "Zephyrine", "Quillfeather", "zephyrine.q@example.net", "H2X 1Y4", "H2X1Y4",
    "4521 Rue Saint-Denis", "Unmistakable letter text", "Spare the Quillfeathers",
    "Osvaldo", "Brightwater", "osvaldo@example.org", "V5K 0A1",
    "Wilhelmina", "Thornbury", "wilhelmina.t@example.com",
]  # fmt: skip


def stored_text() -> str:
    """Every column of every table, read with raw SQL: text as it is, bytes (bytea,
    BLOB) as Latin-1, so that any plain ASCII inside them shows."""
    chunks = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        chunks.append(bytes(value).decode("latin-1"))
                    elif value is not None:
                        chunks.append(str(value))
    return "\n".join(chunks).lower()


@pytest.fixture
def stored(client, campaign, django_capture_on_commit_callbacks):
    """A letter through the form with a copy and the news box, another from the writer's
    own mail, both delivered or counted; a digest subscriber; a reply pasted back."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("letters:send", args=[campaign.slug]),
            letter_data(
                first_name="Zephyrine",
                last_name="Quillfeather",
                email="Zephyrine.Q@Example.net",
                postal_code="h2x1y4",
                city="Montreal",
                street_address="4521 Rue Saint-Denis",
                subject="Spare the Quillfeathers",
                body="Unmistakable letter text from Zephyrine Quillfeather of Montreal.",
                send_copy="on",
                news_opt_in="on",
            ),
        )
    assert response.status_code == 302
    letter = Letter.objects.of_address("zephyrine.q@example.net").get()
    letter_delivery.send_letter(letter.id)
    letter_services.record_own_client_letter(
        campaign,
        template=campaign.letter_templates.first(),
        **letter_data(
            first_name="Osvaldo",
            last_name="Brightwater",
            email="osvaldo@example.org",
            postal_code="V5K 0A1",
            body="Unmistakable letter text, by Osvaldo.",
        ),
    )
    subscriber = digest_services.subscribe(
        email="wilhelmina.t@example.com",
        name="Wilhelmina Thornbury",
        consent_text="Yes, send me the News Digest.",
        source="test",
    )
    digest_services.confirm_subscription(subscriber)
    questionnaire = asked(letter)
    answer = questionnaire.answers.first()
    replies_services.submit_reply(
        answer,
        text="Dear Zephyrine Quillfeather, thank you for your letter.",
        publish_consent=True,
        show_first_name=True,
    )
    return letter


def test_it_stores_no_supporters_personal_data_in_clear(stored):
    text = stored_text()

    assert [s for s in SECRETS if s.lower() in text] == []
    assert "stop-the-deportation" in text, "the scan reads the tables"
    # ...while the site reads them as typed.
    letter = Letter.objects.get(pk=stored.pk)
    assert (letter.first_name, letter.email, letter.postal_code) == (
        "Zephyrine",
        "zephyrine.q@example.net",
        "H2X 1Y4",
    )
    copy = letter.deliveries.get(kind=Delivery.Kind.COPY)
    assert (copy.name, copy.address) == ("Zephyrine Quillfeather", "zephyrine.q@example.net")
    assert Subscriber.objects.of_address("Wilhelmina.T@example.com").get().name == (
        "Wilhelmina Thornbury"
    )
    assert Reply.objects.get().text == "Dear […], thank you for your letter."


def test_it_refuses_a_second_letter_from_one_address_typed_differently(campaign):
    make_letter(campaign, email="jane@example.com")

    with pytest.raises(letter_services.AlreadySigned):
        make_letter(campaign, email=" JANE@Example.COM")

    assert Letter.objects.count() == 1


def test_it_erases_and_unsubscribes_by_email_typed_differently(stored, campaign):
    make_letter(campaign, email="someone.else@example.com")

    services.unsubscribe(email="ZEPHYRINE.Q@example.net")
    letter = Letter.objects.get(pk=stored.pk)
    assert letter.unsubscribed_at and not letter.news_opt_in
    assert Subscriber.objects.of_address("zephyrine.q@example.net").get().status == (
        Subscriber.Status.UNSUBSCRIBED
    )

    assert services.erase_supporter(email=" Zephyrine.Q@example.NET") == 1
    letter.refresh_from_db()
    assert (letter.email, letter.email_index, letter.first_name) == (None, None, None)
    assert not Subscriber.objects.of_address("zephyrine.q@example.net").exists()
    assert Letter.objects.of_address("someone.else@example.com").get().first_name == "Jane"


def test_it_rotates_the_keys_while_every_record_stays_readable(stored, settings):
    old, new = settings.FIELD_ENCRYPTION_KEYS[0], crypto.new_key()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]

    call_command("rotate_encryption_keys", "--batch-size", "2", stdout=(out := _Out()))
    call_command("rotate_encryption_keys", stdout=(again := _Out()))

    assert "letters.letter:" in out.text and "values sealed again under the current key" in out.text
    assert "Nothing to do" in again.text
    settings.FIELD_ENCRYPTION_KEYS = [new]
    letters = {x.first_name for x in Letter.objects.all()}
    assert letters == {"Zephyrine", "Osvaldo"}
    assert {d.address for d in Delivery.objects.filter(kind=Delivery.Kind.COPY)} == {
        "zephyrine.q@example.net"
    }
    assert {s.name for s in Subscriber.objects.all()} >= {"Wilhelmina Thornbury"}
    settings.FIELD_ENCRYPTION_KEYS = [old]
    with pytest.raises(crypto.DecryptionError):
        list(Letter.objects.all())


def test_it_finds_a_supporter_in_the_admin_by_their_exact_address(client, stored):
    holder = make_staff("petra", "Editors")
    from django.contrib.auth.models import Permission

    holder.user_permissions.add(Permission.objects.get(codename="export_personal_data"))
    client.force_login(holder)

    letters = client.get(
        reverse("admin:letters_letter_changelist"), {"q": "Zephyrine.Q@example.net"}
    )
    subscribers = client.get(
        reverse("admin:digest_subscriber_changelist"), {"q": "WILHELMINA.T@example.com"}
    )
    nobody = client.get(reverse("admin:letters_letter_changelist"), {"q": "zephyrine"})

    assert list(letters.context["cl"].result_list) == [stored]
    assert "Wilhelmina Thornbury" in subscribers.content.decode()
    assert nobody.context["cl"].result_count == 0, "names are not searched: they are sealed"


class _Out:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass
