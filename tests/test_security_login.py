"""Admin login throttling (django-axes): lockout, its Korean page, and the unlock path."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from newsroom.security_headers import client_ip
from tests.factories import desk_editor

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # the factories' password


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    # Every attempt checks a password: a fast hasher keeps the many attempts quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def log_in(client, username, password, address="10.0.0.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def is_logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("admin:index")


def fail_until_locked(client, username, settings, address="10.0.0.7"):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, username, f"wrong-{attempt}", address)
        assert response.status_code == 200  # the ordinary "wrong password" form
    return log_in(client, username, "wrong-last", address)


def test_repeated_failures_lock_the_username_out_even_with_the_right_password(client, settings):
    desk_editor("locked-desk")
    locked = fail_until_locked(client, "locked-desk", settings)

    assert locked.status_code == 429
    html = locked.content.decode()
    assert "로그인이 잠시 잠겼습니다" in html
    assert f"{settings.AXES_FAILURE_LIMIT}번 실패" in html
    assert "30분 뒤에 다시 시도할 수 있습니다" in html
    assert "axes_reset_username" in html

    right = log_in(client, "locked-desk", PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_reset_unlocks_the_username(client, settings):
    desk_editor("unlock-desk")
    fail_until_locked(client, "unlock-desk", settings)
    assert log_in(client, "unlock-desk", PASSWORD).status_code == 429

    out = io.StringIO()
    call_command("axes_reset_username", "unlock-desk", stdout=out)

    assert is_logged_in(log_in(client, "unlock-desk", PASSWORD))


def test_the_lock_is_per_username_and_address(client, settings):
    """A stranger's failures from elsewhere do not lock the desk out during breaking news."""
    desk_editor("busy-desk")
    fail_until_locked(client, "busy-desk", settings, address="203.0.113.9")

    assert is_logged_in(log_in(client, "busy-desk", PASSWORD, address="10.0.0.8"))


def test_a_success_before_the_limit_clears_the_failures(client, settings):
    desk_editor("typo-desk")
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "typo-desk", f"typo-{attempt}")
    assert is_logged_in(log_in(client, "typo-desk", PASSWORD))
    client.logout()

    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "typo-desk", f"typo-again-{attempt}").status_code == 200
    assert is_logged_in(log_in(client, "typo-desk", PASSWORD))


def test_behind_a_trusted_proxy_the_forwarded_address_counts(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.2")
    settings.NEWSROOM_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"  # nobody trusted: the header is the client's word
    settings.NEWSROOM_PROXY_COUNT = 1
    assert client_ip(request) == "198.51.100.2"  # what our one proxy saw, not what was claimed
