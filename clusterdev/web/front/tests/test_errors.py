"""Failure shows a clear page, never a stack trace; production settings pass Django's checks."""

import os
import subprocess
import sys


def test_unknown_url_shows_the_not_found_page(client_for):
    response = client_for("alice").get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_wrong_login_is_explained(client, world):
    response = client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert "didn't match" in response.content.decode()


def test_production_settings_pass_the_deploy_checks(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("CLUSTERDEV_", "DJANGO_", "DEBUG"))
    }
    env |= {
        "DEBUG": "false",
        "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-0123456789",
        "ALLOWED_HOSTS": "clusters.example.org",
        "CLUSTERDEV_HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "clusterdev.web.settings",
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLUSTERDEV_", "SECRET_KEY"))}
    env |= {
        "DEBUG": "false",
        "CLUSTERDEV_HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "clusterdev.web.settings",
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check"], capture_output=True, text=True, env=env
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
