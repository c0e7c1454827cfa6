from django.contrib.auth.hashers import identify_hasher, make_password

from accounts.checks import check_password_hasher


def test_md5_first_with_debug_off_fails_the_deploy_check(settings):
    settings.DEBUG = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert [error.id for error in check_password_hasher(None)] == ["accounts.E001"]


def test_production_hashers_pass_the_deploy_check_and_hash_with_pbkdf2(settings):
    settings.DEBUG = False
    settings.PASSWORD_HASHERS = settings.PRODUCTION_PASSWORD_HASHERS
    assert check_password_hasher(None) == []
    assert identify_hasher(make_password("correct horse battery")).algorithm == "pbkdf2_sha256"
