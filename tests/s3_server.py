"""moto's standalone S3 server on 127.0.0.1, in its own process, for the tests of the S3 storage
(decisions item 6): the app reaches it over HTTP through django-storages and boto3, the code it
uses for Amazon S3, MinIO or any S3-compatible store."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from served import free_port

KEYS = {"MESOPLAN_S3_ACCESS_KEY": "test-access", "MESOPLAN_S3_SECRET_KEY": "test-secret",
        "MESOPLAN_S3_REGION": "us-east-1"}
START_SECONDS = 60  # for the server to answer on a busy machine


@contextmanager
def moto_s3() -> Iterator[str]:
    """The server's address (`http://127.0.0.1:PORT`) while it runs."""
    port = free_port()
    # Its request log goes to a file: a pipe nobody reads would fill and stop the server.
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                                  stdout=log, stderr=subprocess.STDOUT, text=True)
        endpoint = f"http://127.0.0.1:{port}"
        try:
            _wait(endpoint, server, log)
            yield endpoint
        finally:
            _stop(server)


def _stop(server: subprocess.Popen[str]) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait(endpoint: str, server: subprocess.Popen[str], log: IO[str]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"moto's server exited: {log.read()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise RuntimeError("moto's server did not answer in time")


def environment(endpoint: str, bucket: str) -> dict[str, str]:
    """The variables an operator sets to keep the files in `bucket` at `endpoint`."""
    return {"MESOPLAN_S3_BUCKET": bucket, "MESOPLAN_S3_ENDPOINT": endpoint, **KEYS}


def s3_client(endpoint: str) -> Any:
    """boto3's own client, to look into the bucket behind the app's back."""
    import boto3

    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=KEYS["MESOPLAN_S3_ACCESS_KEY"],
                        aws_secret_access_key=KEYS["MESOPLAN_S3_SECRET_KEY"], region_name=KEYS["MESOPLAN_S3_REGION"])
