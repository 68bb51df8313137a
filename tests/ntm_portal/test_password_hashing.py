"""Passwords are stored with the portal's Argon2id parameters, and older hashes are upgraded on login."""

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password

from ntm_portal.hashers import PortalArgon2PasswordHasher

PRODUCTION_HASHERS = [
    "ntm_portal.hashers.PortalArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def _params(encoded):
    return PortalArgon2PasswordHasher().decode(encoded)


def test_the_base_settings_hash_new_passwords_with_the_measured_argon2id_parameters():
    from ntm_portal.settings import base

    assert base.PASSWORD_HASHERS == PRODUCTION_HASHERS


@pytest.mark.django_db
def test_a_new_password_is_argon2id_with_19_mib_2_passes_1_lane(settings, django_user_model):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    user = django_user_model.objects.create_user("hasher", password="mật-khẩu-dài-2026")
    decoded = _params(user.password)
    assert user.password.startswith("argon2$argon2id$")
    assert (decoded["memory_cost"], decoded["time_cost"], decoded["parallelism"]) == (19456, 2, 1)
    assert user.check_password("mật-khẩu-dài-2026")
    assert not user.check_password("sai")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "old_hasher",
    ["pbkdf2_sha256", "argon2"],  # PBKDF2 of the first install; Argon2 with Django's default parameters
)
def test_an_older_hash_is_upgraded_when_its_owner_logs_in(client, settings, commune_officer, old_hasher):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    if old_hasher == "argon2":
        from django.contrib.auth.hashers import Argon2PasswordHasher

        old = Argon2PasswordHasher().encode("ntm@2026", Argon2PasswordHasher().salt())
    else:
        old = make_password("ntm@2026", hasher=old_hasher)
    type(commune_officer).objects.filter(pk=commune_officer.pk).update(password=old)

    response = client.post(
        "/tai-khoan/dang-nhap/", {"username": commune_officer.username, "password": "ntm@2026"}
    )

    assert response.status_code == 302
    commune_officer.refresh_from_db()
    assert commune_officer.password != old
    assert isinstance(identify_hasher(commune_officer.password), PortalArgon2PasswordHasher)
    assert _params(commune_officer.password)["memory_cost"] == 19456
