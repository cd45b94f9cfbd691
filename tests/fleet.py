"""A fleet on loopback: two app nodes and two task workers sharing PostgreSQL, Redis and S3.

Used by tests/test_fleet.py and by `make fleet` (`python -m tests.fleet`), which starts the
same fleet and keeps it up until Ctrl-C. Everything runs on 127.0.0.1: a database of its own on
the PostgreSQL server named by DATABASE_URL, a redis-server and a moto S3 server started here,
two gunicorn nodes served like production (DEBUG off, `--config /dev/null`, sync workers) and
two `manage.py run_worker` processes. Each process started here is stopped here, by its PID.
"""

import http.server
import json
import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit
from urllib.request import urlopen

from tests.local_servers import free_port, stop, wait_until_listening

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "fleet-" + secrets.token_urlsafe(12)
BUCKET = "newsroom-fleet"
S3_KEY, S3_SECRET = "fleet-key", "fleet-secret"  # noqa: S105 (moto accepts any credentials)


def missing_parts(database_url: str) -> list[str]:
    """What this machine lacks to run the fleet, in words; empty when it can."""
    missing = []
    if not database_url.startswith(("postgres://", "postgresql://")):
        missing.append(
            "PostgreSQL (DATABASE_URL=postgres://...): SQLite is one file on one machine"
        )
    if not shutil.which("redis-server"):
        missing.append("redis-server (apt-get install redis-server)")
    if not (BIN / "moto_server").exists():
        missing.append("moto_server (pip install -e '.[dev]')")
    if not (BIN / "gunicorn").exists():
        missing.append("gunicorn")
    return missing


class PingRecorder(http.server.ThreadingHTTPServer):
    """Two IndexNow endpoints in one server: every request it receives, kept in order."""

    def __init__(self):
        self.received: list[tuple[str, dict]] = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", free_port()), _RecordingHandler)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    def endpoint(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{name}"

    def urls_sent_to(self, name: str) -> list[str]:
        with self.lock:
            return [
                unquote(url)  # story addresses are sent percent-encoded
                for path, body in self.received
                if path == f"/{name}"
                for url in body.get("urlList", [])
            ]


class _RecordingHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            payload = json.loads(body or b"{}")
        except ValueError:
            payload = {}
        with self.server.lock:
            self.server.received.append((self.path, payload))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def stop(self):
        stop(self.popen)

    def wait_until_listening(self, port: int):
        wait_until_listening(self.popen, port, self.log, name=self.name, seconds=60)

    def tail(self, lines=40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@dataclass
class Fleet:
    admin_database_url: str
    workdir: Path
    lease_seconds: int = 5
    processes: list[Process] = field(default_factory=list)
    nodes: dict[str, str] = field(default_factory=dict)
    workers: dict[str, Process] = field(default_factory=dict)

    def __post_init__(self):
        self.database = f"newsroom_fleet_{secrets.token_hex(4)}"
        parts = urlsplit(self.admin_database_url)
        self.database_url = urlunsplit(parts._replace(path=f"/{self.database}"))
        # The fleet's database is created from the server's maintenance database.
        self.maintenance_url = urlunsplit(parts._replace(path="/postgres"))
        self.pings = PingRecorder()
        self.redis_port = free_port()
        self.s3_url = f"http://127.0.0.1:{free_port()}"
        self.node_ports = {"a": free_port(), "b": free_port()}
        self.nodes = {name: f"http://localhost:{port}" for name, port in self.node_ports.items()}

    # --- environment shared by every node and worker ----------------------------------------
    def env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("NEWSROOM_", "DJANGO_", "AWS_")) and key != "DATABASE_URL"
        }
        env.update(
            DEBUG="False",
            SECRET_KEY="fleet-" + "x" * 50,
            # The public address readers use; both nodes sit behind it in production.
            SITE_URL=self.nodes["a"],
            ALLOWED_HOSTS="localhost,127.0.0.1",
            CSRF_TRUSTED_ORIGINS=",".join(self.nodes.values()),
            SECURE_SSL_REDIRECT="False",
            SECURE_HSTS_SECONDS="0",
            DATABASE_URL=self.database_url,
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            STATIC_ROOT=str(self.workdir / "static"),
            MEDIA_ROOT=str(self.workdir / "media-must-stay-empty"),
            NEWSROOM_S3_BUCKET=BUCKET,
            NEWSROOM_S3_ENDPOINT_URL=self.s3_url,
            AWS_ACCESS_KEY_ID=S3_KEY,
            AWS_SECRET_ACCESS_KEY=S3_SECRET,
            AWS_DEFAULT_REGION="us-east-1",
            NEWSROOM_TASKS_BACKEND="database",
            NEWSROOM_TASK_LEASE_SECONDS=str(self.lease_seconds),
            NEWSROOM_TASK_RECLAIM_SECONDS="1",
            NEWSROOM_INDEXNOW_KEY="fleetkey0123456789",
            NEWSROOM_INDEXNOW_ENDPOINTS=",".join(
                [self.pings.endpoint("indexnow-one"), self.pings.endpoint("indexnow-two")]
            ),
            NEWSROOM_PURGE_BACKEND="",
            DJANGO_SUPERUSER_USERNAME="fleet-admin",
            DJANGO_SUPERUSER_PASSWORD=PASSWORD,
            DJANGO_SUPERUSER_EMAIL="fleet@example.org",
            PYTHONUNBUFFERED="1",
        )
        return env

    def manage(self, *args: str, timeout=300) -> str:
        result = subprocess.run(  # noqa: S603 (our own manage.py)
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode:
            raise RuntimeError(
                f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    def spawn(self, name: str, argv: list[str]) -> Process:
        log = self.workdir / f"{name}.log"
        popen = subprocess.Popen(  # noqa: S603 (fixed arguments)
            argv,
            cwd=ROOT,
            env=self.env(),
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C in a terminal reaches the launcher, which stops us
        )
        process = Process(name, popen, log)
        self.processes.append(process)
        return process

    # --- lifecycle ----------------------------------------------------------------------------
    def start(self):
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._create_database()
        self.spawn(
            "redis",
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
        )
        s3_port = urlsplit(self.s3_url).port
        self.spawn("s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(s3_port)])
        self.pings.thread.start()
        self.processes[0].wait_until_listening(self.redis_port)
        self.processes[1].wait_until_listening(s3_port)
        self._create_bucket()
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("collectstatic", "--noinput", "-v", "0")
        self.manage("createsuperuser", "--noinput")
        for name, port in self.node_ports.items():
            node = self.spawn(
                f"node-{name}",
                [
                    str(BIN / "gunicorn"),
                    "--config",
                    "/dev/null",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                    "--worker-class",
                    "sync",
                    "--timeout",
                    "60",
                    "newsroom.wsgi:application",
                ],
            )
            node.wait_until_listening(port)
        for name in ("one", "two"):
            self.start_worker(name)
        return self

    def start_worker(self, name: str) -> Process:
        worker = self.spawn(
            f"worker-{name}",
            [
                sys.executable,
                "manage.py",
                "run_worker",
                "--worker-id",
                f"fleet-{name}",
                "--interval",
                "0.2",
                "--no-startup-delay",
            ],
        )
        self.workers[name] = worker
        return worker

    def stop(self):
        for process in reversed(self.processes):
            process.stop()
        if self.pings.thread.is_alive():  # shutdown() waits for a loop that never started
            self.pings.shutdown()
        self.pings.server_close()
        self._drop_database()

    # --- the shared engines, read directly by the test ----------------------------------------
    def sql(self, query: str, params=()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as connection:
            cursor = connection.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def s3(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.s3_url,
            aws_access_key_id=S3_KEY,
            aws_secret_access_key=S3_SECRET,
            region_name="us-east-1",
        )

    def bucket_keys(self) -> set[str]:
        pages = self.s3().get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
        return {item["Key"] for page in pages for item in page.get("Contents", [])}

    def _create_bucket(self):
        from tests.s3_server import public_read_policy

        # Readers' browsers fetch the pictures without credentials (README, "Deploy").
        client = self.s3()
        client.create_bucket(Bucket=BUCKET)
        client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(public_read_policy(BUCKET)))

    def _create_database(self):
        import psycopg

        with psycopg.connect(self.maintenance_url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')

    def _drop_database(self):
        import psycopg

        with psycopg.connect(self.maintenance_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


def wait_until(check, timeout=30, interval=0.2, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def fetch(url: str) -> tuple[int, dict, bytes]:
    parts = urlsplit(url)
    url = urlunsplit(parts._replace(path=quote(parts.path, safe="/%")))  # Korean slugs
    with urlopen(url, timeout=15) as response:  # noqa: S310 (loopback URLs of the fleet)
        return response.status, dict(response.headers), response.read()


def main():
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    missing = missing_parts(database_url)
    if missing:
        sys.exit("make fleet needs: " + "; ".join(missing))
    fleet = Fleet(database_url, ROOT / "var" / "fleet", lease_seconds=30)
    try:
        fleet.start()
        fleet.manage("load_demo")
        print("Fleet up on loopback:")
        for name, url in fleet.nodes.items():
            print(f"  node {name}: {url}/  (admin: {url}/admin/, fleet-admin / {PASSWORD})")
        print(
            f"  workers: {', '.join(fleet.workers)}; S3 {fleet.s3_url}; Redis :{fleet.redis_port}"
        )
        print(f"  database {fleet.database} (dropped on exit); logs in {fleet.workdir}")
        print("Ctrl-C stops everything.")
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        fleet.stop()


if __name__ == "__main__":
    main()
