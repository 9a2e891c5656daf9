"""Media and renditions on an S3-compatible object store (MEDIA_STORAGE=s3).

A local S3 API (moto in server mode, started by the test on a loopback port)
stands in for the object store every app server shares.
"""

import importlib
import json
import subprocess
import sys
import urllib.request

import pytest
import wagtail_factories
from django.core.files.storage import default_storage
from django.test import override_settings

from tests.load.server import free_port
from tests.load.services import wait_for
from tests.quality.tools import require

BUCKET = "backportal-media"


@pytest.fixture
def s3_server(tmp_path):
    """Endpoint URL of moto's S3 server, with the media bucket created."""
    require(importlib.util.find_spec("moto") is not None, "moto[server] missing")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"

    def answers():
        try:
            urllib.request.urlopen(endpoint, timeout=2)  # noqa: S310 - loopback
        except OSError as error:
            return getattr(error, "code", None) is not None
        return True

    try:
        wait_for(answers, what="moto S3 server")
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.fixture
def s3_media(s3_server, monkeypatch):
    """The settings MEDIA_STORAGE=s3 produces, pointed at the local server."""
    import boto3

    for name, value in {
        "AWS_ACCESS_KEY_ID": "test-only",
        "AWS_SECRET_ACCESS_KEY": "test-only",
        "AWS_DEFAULT_REGION": "eu-central-1",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_server)
    client.create_bucket(
        Bucket=BUCKET,
        CreateBucketConfiguration={"LocationConstraint": "eu-central-1"},
    )
    # Media are public (unsigned URLs in cached pages): so is the bucket.
    client.put_bucket_policy(
        Bucket=BUCKET,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{BUCKET}/*",
                    }
                ],
            }
        ),
    )
    monkeypatch.setenv("MEDIA_STORAGE", "s3")
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", BUCKET)
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", s3_server)
    from backportal.settings import base

    # What base.py makes of that environment (the live settings stay as they are).
    storages = importlib.reload(base).STORAGES
    with override_settings(STORAGES=storages):
        yield client


@pytest.mark.django_db
def test_uploads_and_renditions_live_in_the_bucket(s3_media):
    image = wagtail_factories.ImageFactory(title="Rückenübung")
    rendition = image.get_rendition("fill-60x40|format-webp")

    keys = {item["Key"] for item in s3_media.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert image.file.name in keys
    assert rendition.file.name in keys
    assert default_storage.__class__.__name__ == "S3Storage"
    # Any app server (or the reader's browser) fetches it by its unsigned URL.
    assert "Signature" not in rendition.url
    with urllib.request.urlopen(rendition.url, timeout=10) as response:  # noqa: S310
        assert response.read(12)[8:12] == b"WEBP"
    assert (rendition.width, rendition.height) == (60, 40)
