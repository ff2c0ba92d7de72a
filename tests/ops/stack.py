"""The production stack of the README on one machine, on 127.0.0.1, for tests and the benchmark:

- a throw-away PostgreSQL cluster (as ``scripts/postgres.sh`` starts one);
- the env file: ``deploy/brobygger.env.example`` with test values (DEBUG=0, https SITE_URL,
  SMTP to a sink this module runs), read by every process through ``BROBYGGER_ENV_FILE``;
- ``brobygger setup`` (migrate, static files), then gunicorn and the worker with the command
  lines of ``deploy/brobygger-web.service`` and ``deploy/brobygger-worker.service``;
- Debian's nginx with ``deploy/nginx/brobygger.conf`` and a self-signed certificate made here,
  run as the current user with its own prefix, configuration and pid file.

Only what cannot be the same on a test machine changes: ports, paths, the host name and the
certificate. ``production_stack(work)`` yields a ``Stack`` and stops everything afterwards.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import socketserver
import ssl
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.request import Request, urlopen

from tests.waiting import wait_for

REPO = Path(__file__).resolve().parents[2]  # no Django import here: benchmarks use it too
DEPLOY = REPO / "deploy"
VENV_BIN = Path(sys.executable).parent
INSTALLED_BIN = "/opt/brobygger/venv/bin/"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
START_TIMEOUT = 600  # a busy CI machine: collectstatic compresses every static file


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def read_env_file(path: Path) -> dict[str, str]:
    """``KEY=value`` lines as systemd's EnvironmentFile reads them (no comments, no blanks)."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def exec_start(unit: str) -> list[str]:
    """The ExecStart command line of a unit of ``deploy/``, run from this virtualenv."""
    text = (DEPLOY / unit).read_text(encoding="utf-8")
    line = re.search(r"^ExecStart=(.+)$", text, re.MULTILINE)
    assert line, f"deploy/{unit} has no ExecStart"
    return [part.replace(INSTALLED_BIN, f"{VENV_BIN}/") for part in shlex.split(line[1])]


# --- an SMTP server that keeps what it receives ---------------------------------------------


class _SmtpHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 sink ESMTP")
        data_lines: list[bytes] | None = None
        while raw := self.rfile.readline():
            if data_lines is not None:
                if raw.rstrip(b"\r\n") == b".":
                    self.server.messages.append(b"\n".join(data_lines).decode("utf-8", "replace"))  # type: ignore[attr-defined]
                    data_lines = None
                    self.reply("250 queued")
                else:
                    data_lines.append(raw.rstrip(b"\r\n"))
                continue
            verb = raw.split(b" ", 1)[0].strip().upper()
            if verb == b"EHLO":
                self.reply("250-sink")
                self.reply("250 8BITMIME")
            elif verb == b"DATA":
                data_lines = []
                self.reply("354 go on")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:  # HELO, MAIL, RCPT, RSET, NOOP
                self.reply("250 ok")


class SmtpSink(socketserver.ThreadingTCPServer):
    """A plain SMTP server on 127.0.0.1 that keeps each message's text in ``messages``."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.messages: list[str] = []
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()


# --- PostgreSQL ---------------------------------------------------------------------------


def _as_postgres(command: list[str]) -> list[str]:
    """``command`` as the postgres user when we are root (initdb refuses root)."""
    if os.geteuid() != 0:
        return command
    return ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(command)]


def postgres_bin() -> Path:
    """The bin folder of the newest PostgreSQL Debian installed (initdb, pg_ctl, psql...)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    assert found, "PostgreSQL is not installed (make system)"
    return found[-1]


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A new PostgreSQL cluster on a free port of 127.0.0.1; yields its DATABASE_URL."""
    bin_dir = postgres_bin()
    data = Path(
        subprocess.check_output(
            ["mktemp", "-d", "/tmp/brobygger-stack-pg.XXXXXX"], text=True
        ).strip()
    )
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
    port = free_port()
    run = dict(check=True, capture_output=True, timeout=START_TIMEOUT)
    subprocess.run(
        _as_postgres(
            [
                f"{bin_dir}/initdb",
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        **run,
    )
    options = (
        f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300"
    )
    subprocess.run(
        _as_postgres(
            [
                f"{bin_dir}/pg_ctl",
                "-D",
                str(data),
                "-l",
                f"{data}/server.log",
                "-w",
                "-t",
                "120",
                "-o",
                options,
                "start",
            ]
        ),
        **run,
    )
    try:
        subprocess.run(
            [
                f"{bin_dir}/createdb",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "brobygger",
            ],
            **run,
        )
        yield f"postgresql://postgres@127.0.0.1:{port}/brobygger"
    finally:
        subprocess.run(
            _as_postgres([f"{bin_dir}/pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop"]),
            check=False,
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(data, ignore_errors=True)


# --- the certificate and nginx ------------------------------------------------------------


def self_signed_certificate(into: Path) -> tuple[Path, Path]:
    cert, key = into / "cert.pem", into / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def nginx_site(
    *, https_port: int, http_port: int, upstream: int, static: Path, cert: Path, key: Path
) -> str:
    """deploy/nginx/brobygger.conf with this machine's ports, paths, host and certificate."""
    site = (DEPLOY / "nginx" / "brobygger.conf").read_text(encoding="utf-8")
    replacements = [
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("brobygger.example.dk;", "127.0.0.1;"),
        ("/etc/letsencrypt/live/brobygger.example.dk/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/brobygger.example.dk/privkey.pem", str(key)),
        ("/var/www/brobygger/static/", f"{static}/"),
    ]
    for old, new in replacements:
        assert old in site, f"deploy/nginx/brobygger.conf no longer has {old!r}"
        site = site.replace(old, new)
    # no IPv6 on every test machine; the address of the redirect is ours
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
    return site.replace(
        "return 301 https://$host$request_uri;",
        f"return 301 https://$host:{https_port}$request_uri;",
    )


def nginx_main(prefix: Path, site: Path) -> str:
    """A main configuration around the site: everything in ``prefix``, no daemon."""
    # as root, the workers run as nobody, as www-data would: they must be able to read the
    # static files, which `brobygger setup` leaves readable by all
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
    temp = "".join(
        f"    {kind}_temp_path {prefix}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}daemon off;\nworker_processes 2;\npid {prefix}/nginx.pid;\n"
        f"error_log {prefix}/error.log warn;\nevents {{ worker_connections 2048; }}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        f"    sendfile on;\n{temp}    access_log {prefix}/access.log;\n    include {site};\n}}\n"
    )


def nginx_test(prefix: Path, conf: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [NGINX, "-t", "-p", str(prefix), "-c", str(conf)],
        capture_output=True,
        text=True,
        timeout=60,
    )


# --- the whole stack ----------------------------------------------------------------------


@dataclass
class Stack:
    url: str  # https://127.0.0.1:PORT
    env: dict[str, str]
    work: Path
    gunicorn_log: Path
    nginx_dir: Path
    smtp: SmtpSink
    processes: list[subprocess.Popen] = field(default_factory=list)

    def brobygger(self, *args: str) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [sys.executable, "-m", "brobygger.cli", *args], cwd=self.work / "var", env=self.env,
            capture_output=True, text=True, timeout=START_TIMEOUT, check=False,
        )  # fmt: skip
        assert done.returncode == 0, f"brobygger {' '.join(args)}: {done.stdout}{done.stderr}"
        return done

    def script(self, code: str) -> str:
        """Python run with the stack's settings after ``django.setup()``; its stdout."""
        done = subprocess.run(
            [sys.executable, "-c", "import django\ndjango.setup()\n" + code],
            cwd=self.work / "var", env=self.env, capture_output=True, text=True,
            timeout=START_TIMEOUT, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout


def _env_file(work: Path, values: dict[str, str]) -> Path:
    """deploy/brobygger.env.example with ``values`` in place of the example's (and added)."""
    lines, seen = [], set()
    for line in (DEPLOY / "brobygger.env.example").read_text(encoding="utf-8").splitlines():
        key = line.lstrip("#").partition("=")[0].strip()
        if "=" in line and key in values and " " not in key:
            lines.append(f"{key}={values[key]}")
            seen.add(key)
        else:
            lines.append(line)
    lines += [f"{key}={value}" for key, value in values.items() if key not in seen]
    path = work / "brobygger.env"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def _answers(url: str) -> bool:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    try:
        with urlopen(Request(url), timeout=5, context=context) as response:  # noqa: S310
            return response.status == 200
    except OSError:
        return False


@contextmanager
def production_stack(
    work: Path, *, gunicorn_workers: int | None = None, extra: dict[str, str] | None = None
) -> Iterator[Stack]:
    """Start the whole stack under ``work`` (see the module's docstring); stop it afterwards.
    ``extra``: more settings for the env file (e.g. a benchmark's higher rate limits)."""
    with ExitStack() as stop:
        database_url = stop.enter_context(throwaway_postgres())
        smtp = SmtpSink()
        stop.callback(smtp.server_close)
        stop.callback(smtp.shutdown)
        https_port, http_port, upstream = free_port(), free_port(), free_port()
        var = work / "var"
        var.mkdir(mode=0o700)
        # what nginx's workers read lies outside the owner-only test folders, as on a server
        public = Path(tempfile.mkdtemp(prefix="brobygger-stack-www-"))
        stop.callback(shutil.rmtree, public, ignore_errors=True)
        public.chmod(0o755)
        static_root = public / "static"
        site_url = f"https://127.0.0.1:{https_port}"
        values = {
            "DEBUG": "0",
            "SECRET_KEY": "stack-" + os.urandom(24).hex(),
            "SITE_URL": site_url,
            "ALLOWED_HOSTS": "127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": site_url,
            "DATABASE_URL": database_url,
            "BROBYGGER_VAR_DIR": str(var),
            "STATIC_ROOT": str(static_root),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_USE_TLS": "0",
            "DEFAULT_FROM_EMAIL": "Brobygger <brobygger@example.org>",
            "SMS_GATEWAY_URL": f"http://127.0.0.1:{free_port()}/messages",
            "SMS_GATEWAY_TOKEN": "stack-token",
            "BROKER_PHONE": "86 20 00 00",
            **(extra or {}),
        }
        env_file = _env_file(work, values)
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "PYTEST_", "BROBYGGER_"))
        }
        env.pop("DATABASE_URL", None)
        # every entry point reads the env file (BROBYGGER_ENV_FILE); the same values are in the
        # environment as well, so this also runs where that reading is not there yet
        env.update(read_env_file(env_file))
        env.update(
            BROBYGGER_ENV_FILE=str(env_file),
            DJANGO_SETTINGS_MODULE="brobygger.config.settings",
            PYTHONPATH=str(REPO),
        )
        stack = Stack(site_url, env, work, work / "gunicorn.log", public / "nginx", smtp)
        stack.brobygger("setup")  # migrate, collectstatic

        def start(command: list[str], log: Path) -> subprocess.Popen:
            out = log.open("ab")
            stop.callback(out.close)
            process = subprocess.Popen(
                command, cwd=var, env=env, stdout=out, stderr=subprocess.STDOUT
            )

            def end() -> None:
                process.terminate()
                try:
                    process.wait(timeout=40)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)

            stop.callback(end)
            stack.processes.append(process)
            return process

        web = exec_start("brobygger-web.service")
        web[web.index("--bind") + 1] = f"127.0.0.1:{upstream}"
        if gunicorn_workers:
            web[web.index("--workers") + 1] = str(gunicorn_workers)
        start(web, stack.gunicorn_log)
        start(exec_start("brobygger-worker.service"), work / "worker.log")

        nginx_dir = stack.nginx_dir
        nginx_dir.mkdir(mode=0o755)
        cert, key = self_signed_certificate(nginx_dir)
        site = nginx_dir / "brobygger.conf"
        site.write_text(
            nginx_site(
                https_port=https_port,
                http_port=http_port,
                upstream=upstream,
                static=static_root,
                cert=cert,
                key=key,
            ),
            encoding="utf-8",
        )
        conf = nginx_dir / "nginx.conf"
        conf.write_text(nginx_main(nginx_dir, site), encoding="utf-8")
        checked = nginx_test(nginx_dir, conf)
        assert checked.returncode == 0, checked.stderr
        start([NGINX, "-p", str(nginx_dir), "-c", str(conf)], nginx_dir / "stdout.log")

        wait_for(lambda: _answers(f"{site_url}/faellesskab/kontakt/"), timeout=START_TIMEOUT,
                 what=f"the stack at {site_url} (logs in {work})")  # fmt: skip
        yield stack
