"""/healthz fails when MASTHEAD_STATIC_MANIFEST=true and the process found no manifest
(operator QA, 2026-11-30): every page then answers 500 ('Missing staticfiles manifest entry'),
and before this check /healthz still said 200, so a load balancer kept the machine in."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import override_settings

pytestmark = pytest.mark.django_db

MANIFEST = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_healthz_fails_with_a_manifest_storage_and_no_manifest(client, tmp_path):
    with override_settings(STORAGES=MANIFEST, STATIC_ROOT=tmp_path):
        response = client.get("/healthz")
    static = response.json()["checks"]["static"]
    assert response.status_code == 503
    assert static["ok"] is False
    assert "run `masthead collectstatic --noinput`, then restart" in static["detail"]


def test_healthz_passes_once_the_manifest_is_there(client, tmp_path):
    manifest = {"paths": {"css/site.css": "css/site.abc123.css"}, "version": "1.1", "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    with override_settings(STORAGES=MANIFEST, STATIC_ROOT=tmp_path):
        static = client.get("/healthz").json()["checks"]["static"]
    assert static == {
        "ok": True,
        "detail": "staticfiles.json: 1 file(s)",
        "seconds": static["seconds"],
    }
