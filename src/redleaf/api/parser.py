"""Request bodies are JSON objects. ninja would quietly read `[1, 2]` as an empty update."""

from __future__ import annotations

import json

from ninja.parser import Parser


class BodyNotAnObject(ValueError):
    pass


class ObjectParser(Parser):
    def parse_body(self, request):
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise BodyNotAnObject("the body is not a JSON object")
        return data
