"""Issue 21: ten bad passwords from anywhere locked the real admin out. Sign-in is
throttled per username and address pair (django-axes): the guesser locks out only
themselves."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ATTACKER, STAFF_DESK = "203.0.113.66", "198.51.100.10"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 10
    return settings


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser(
        "director", "director@example.org", "the-right-password"
    )


def sign_in(client, password: str, *, address: str):
    return client.post(
        reverse("admin:login"),
        {"username": "director", "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_it_never_lets_ten_bad_passwords_from_elsewhere_lock_the_real_admin_out(
    client, admin_user, axes_on
):
    for n in range(10):
        sign_in(client, f"guess-{n}", address=ATTACKER)

    response = sign_in(client, "the-right-password", address=STAFF_DESK)

    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.session["_auth_user_id"] == str(admin_user.pk)


def test_it_locks_the_guessing_pair_out_even_with_the_right_password(client, admin_user, axes_on):
    answers = [sign_in(client, f"guess-{n}", address=ATTACKER).status_code for n in range(10)]

    response = sign_in(client, "the-right-password", address=ATTACKER)

    assert answers[:9] == [200] * 9  # the form again, "Please enter the correct..."
    assert answers[9] == 429
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert int(response["Retry-After"]) == 15 * 60
    html = response.content.decode()
    assert "Too many failed sign-ins" in html
    assert "is paused for 15 minutes" in html


def test_it_says_so_in_french(client, admin_user, axes_on):
    for n in range(10):
        sign_in(client, f"guess-{n}", address=ATTACKER)

    response = client.post(
        reverse("admin:login"),
        {"username": "director", "password": "guess"},
        REMOTE_ADDR=ATTACKER,
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 429
    assert "Trop de connexions échouées" in response.content.decode()


def test_it_lets_the_pair_try_again_after_the_cooldown(client, admin_user, axes_on):
    import time_machine
    from django.utils import timezone

    for n in range(10):
        sign_in(client, f"guess-{n}", address=ATTACKER)

    with time_machine.travel(timezone.now() + axes_on.AXES_COOLOFF_TIME * 1.1, tick=False):
        response = sign_in(client, "the-right-password", address=ATTACKER)

    assert response.status_code == 302


def test_it_counts_other_usernames_from_the_same_address_apart(client, admin_user, axes_on):
    for n in range(10):
        client.post(
            reverse("admin:login"),
            {"username": f"someone-{n}", "password": "guess"},
            REMOTE_ADDR=ATTACKER,
        )

    assert sign_in(client, "the-right-password", address=ATTACKER).status_code == 302
