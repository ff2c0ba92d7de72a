"""deploy/ as a hosting partner installs it: the systemd units pass `systemd-analyze verify`,
the nginx site passes `nginx -t`, and the env example names every setting."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.ops.stack import (
    DEPLOY,
    INSTALLED_BIN,
    REPO,
    VENV_BIN,
    exec_start,
    free_port,
    nginx_main,
    nginx_site,
    nginx_test,
    read_env_file,
    self_signed_certificate,
)

UNITS = ("brobygger-web.service", "brobygger-worker.service")


@pytest.mark.parametrize("unit", UNITS)
def test_it_verifies_the_systemd_unit(unit, tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.fail("systemd-analyze is missing (Debian: systemd)")
    here = tmp_path / unit  # the unit with this virtualenv in place of /opt/brobygger/venv
    here.write_text((DEPLOY / unit).read_text().replace(INSTALLED_BIN, f"{VENV_BIN}/"))

    done = subprocess.run(["systemd-analyze", "verify", "--man=no", str(here)],
                          capture_output=True, text=True, timeout=120)  # fmt: skip

    assert (done.returncode, done.stderr.strip()) == (0, "")  # unknown keys are warnings only


@pytest.mark.parametrize("unit", UNITS)
def test_it_hardens_the_unit_and_reads_the_one_env_file(unit):
    text = (DEPLOY / unit).read_text()
    for line in (
        "User=brobygger",
        "EnvironmentFile=/etc/brobygger/brobygger.env",
        "Environment=BROBYGGER_ENV_FILE=/etc/brobygger/brobygger.env",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ReadWritePaths=/var/lib/brobygger",
        "PrivateTmp=yes",
        "Restart=on-failure",
    ):
        assert re.search(rf"^{re.escape(line)}$", text, re.MULTILINE), f"{unit}: {line}"


def test_it_runs_gunicorn_with_the_redacting_logger_and_no_shared_control_socket():
    command = exec_start("brobygger-web.service")

    assert command[:2] == [f"{VENV_BIN}/gunicorn", "brobygger.config.wsgi"]
    assert command[command.index("--logger-class") + 1] == (
        "brobygger.core.access_log.RedactingLogger"
    )
    assert "--no-control-socket" in command
    help_text = subprocess.run([command[0], "--help"], capture_output=True, text=True).stdout
    assert "--no-control-socket" in help_text  # the installed gunicorn knows the option


def test_it_runs_the_worker_as_serve_does():
    from brobygger.cli import WORKER_ARGS

    assert exec_start("brobygger-worker.service")[1:] == WORKER_ARGS


def test_it_checks_the_nginx_site(tmp_path):
    cert, key = self_signed_certificate(tmp_path)
    site = tmp_path / "site.conf"
    site.write_text(nginx_site(https_port=free_port(), http_port=free_port(), upstream=8000,
                               static=tmp_path, cert=cert, key=key))  # fmt: skip
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_main(tmp_path, site))

    done = nginx_test(tmp_path, conf)

    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr


def test_it_fits_the_largest_upload_and_sets_the_forwarded_headers():
    from django.conf import settings

    site = (DEPLOY / "nginx" / "brobygger.conf").read_text()
    limit = int(re.search(r"client_max_body_size (\d+)m;", site)[1])
    largest = settings.INSIGHTS_MAX_UPLOAD_MB + settings.INSIGHTS_MAX_CODEBOOK_KB / 1024
    assert largest <= limit <= largest + 5
    # set (overwriting what the client sent), never appended to it
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    assert "$proxy_add_x_forwarded_for" not in site
    # Django sets these on its answers: nginx adds them only where it answers itself
    proxied = site[site.index("location / {") :]
    assert "add_header" not in proxied
    static_root = read_env_file(DEPLOY / "brobygger.env.example")["STATIC_ROOT"]
    assert f"alias {static_root}/;" in site


def test_it_lists_every_setting_in_the_env_example():
    example = (DEPLOY / "brobygger.env.example").read_text()
    named = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", example, re.MULTILINE))
    settings_source = (REPO / "brobygger" / "config" / "settings.py").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"', settings_source))

    assert read - named == set()
    values = read_env_file(DEPLOY / "brobygger.env.example")
    assert values["DEBUG"] == "0"
    assert values["SITE_URL"].startswith("https://")
    assert values["AXES_PROXY_COUNT"] == "1"  # nginx sets X-Forwarded-For: one proxy
