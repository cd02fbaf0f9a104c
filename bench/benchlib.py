"""Shared by the bench scripts: JSON calls to the service and its instants."""
import json
import urllib.request
from datetime import datetime


def caller(base):
    """A function call(method, path, body=None) → the decoded JSON answer (None when empty)."""
    def call(method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as response:
            text = response.read()
            return json.loads(text) if text else None
    return call


def instant(text):
    """An ISO-8601 instant as the API writes it, in epoch seconds."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
