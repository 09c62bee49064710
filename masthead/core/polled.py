"""JSON for pages that ask again and again while open (an editor's page following a narration,
the newsroom form watching for a save elsewhere): the answer's ETag is its digest, and a request
that sends it back in If-None-Match gets 304 with no body while nothing in it changed. Not
stored by any cache (`private, no-store`): the answer is the asker's, and always asked anew."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse


def polled_json(request: HttpRequest, data: dict[str, Any]) -> HttpResponse:
    body = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True).encode()
    etag = f'"j-{hashlib.sha256(body).hexdigest()[:24]}"'
    asked = {tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")}
    if etag in asked:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-store"
    response["Vary"] = "Cookie"
    return response
