"""A real S3 API on 127.0.0.1 for the tests: moto in server mode, started once per session.

Fixtures (imported into tests/conftest.py, so every test module can ask for them):

- s3_server (session): starts `moto_server -H 127.0.0.1 -p <free port>` as a subprocess,
  creates the bucket `newsroom-media` and yields an S3Server: endpoint_url, bucket,
  access_key, secret_key, region, plus client(), object_keys(), read() and environ() (the variables
  that turn S3 on for a `manage.py` or gunicorn subprocess, README "Configuration").
- s3_media (function): Django's default storage switched to newsroom's S3 backend on that
  server for one test, in a bucket of the test's own (so listing it shows what the test wrote
  and nothing else); yields the S3Server for that bucket. Overriding STORAGES resets Django's
  storage handler and default_storage (django.test.signals.storages_changed), so FileFields,
  which hold default_storage itself, write to S3 until the test ends.

Without moto (it is in the dev extra) both skip with the reason; nothing here mocks the SDK.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.local_servers import free_port, stop, wait_until_listening

MOTO_MISSING = "moto is not installed (pip install -e '.[dev]'); the S3 tests need its server"
# How long the server may take to answer its first request before the session gives up.
STARTUP_DEADLINE_SECONDS = 30
_bucket_numbers = itertools.count(1)


@dataclasses.dataclass(frozen=True)
class S3Server:
    endpoint_url: str
    bucket: str
    access_key: str = "newsroom-test"
    secret_key: str = "newsroom-test-secret"
    region: str = "us-east-1"

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=self.region,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
        )

    def with_new_bucket(self, name: str) -> S3Server:
        """A new bucket anyone may read objects from, as a news site's media bucket is set up
        (README, "Deploy"): readers' browsers fetch the pictures without credentials."""
        client = self.client()
        client.create_bucket(Bucket=name)
        client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read_policy(name)))
        return dataclasses.replace(self, bucket=name)

    def object_keys(self) -> list[str]:
        """Every object key in the bucket, sorted."""
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client().get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def head(self, key: str) -> dict:
        return self.client().head_object(Bucket=self.bucket, Key=key)

    def environ(self) -> dict[str, str]:
        """The environment that puts a newsroom process's media in this bucket."""
        return {
            "NEWSROOM_S3_BUCKET": self.bucket,
            "NEWSROOM_S3_ENDPOINT_URL": self.endpoint_url,
            "NEWSROOM_S3_REGION": self.region,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
        }

    def storage_settings(self) -> dict:
        """STORAGES["default"] for this bucket, as settings.py builds it from environ()."""
        return {
            "BACKEND": "newsroom.media_storage.MediaS3Storage",
            "OPTIONS": {
                "bucket_name": self.bucket,
                "endpoint_url": self.endpoint_url,
                "region_name": self.region,
                "addressing_style": "path",
                "access_key": self.access_key,
                "secret_key": self.secret_key,
            },
        }


def public_read_policy(bucket: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadersFetchMedia",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
            }
        ],
    }


def moto_server_command() -> str | None:
    if importlib.util.find_spec("moto") is None or importlib.util.find_spec("boto3") is None:
        return None
    beside_python = Path(sys.executable).with_name("moto_server")
    return str(beside_python) if beside_python.exists() else shutil.which("moto_server")


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    command = moto_server_command()
    if command is None:
        pytest.skip(MOTO_MISSING)
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto_server.log"
    with log.open("wb") as output:
        # Its request log goes to a file: a pipe nobody reads would fill and stop the server.
        process = subprocess.Popen(  # noqa: S603 - our own console script, fixed arguments
            [command, "-H", "127.0.0.1", "-p", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "MOTO_PORT": str(port)},
        )
    try:
        wait_until_listening(
            process, port, log, name="moto_server", seconds=STARTUP_DEADLINE_SECONDS
        )
        server = S3Server(endpoint_url=f"http://127.0.0.1:{port}", bucket="")
        yield server.with_new_bucket("newsroom-media")
    finally:
        stop(process)


@pytest.fixture
def s3_media(s3_server, settings):
    """This test's media in a fresh bucket on the session's S3 server (see the module doc)."""
    server = s3_server.with_new_bucket(f"newsroom-test-{next(_bucket_numbers)}")
    settings.STORAGES = {**settings.STORAGES, "default": server.storage_settings()}
    return server
