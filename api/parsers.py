"""JSON and CSV bodies, refused past DATA_UPLOAD_MAX_MEMORY_SIZE before they are read whole."""

from __future__ import annotations

import codecs
import json

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from .errors import PayloadTooLarge


def read_limited(stream) -> bytes:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if stream is None:
        return b""
    data = stream.read(limit + 1) if limit else stream.read()
    if limit and len(data) > limit:
        raise PayloadTooLarge()
    return data


class LimitedJSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = read_limited(stream)
        try:
            return json.loads(codecs.decode(raw, "utf-8"), parse_constant=_refuse_constant)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:
            raise ParseError("parse_error") from exc


def _refuse_constant(name):
    raise ValueError(f"{name} is not JSON")


class CsvParser(parsers.BaseParser):
    """text/csv: the DHIS2 exchange file; answered as text (the exchange module reads its rows)."""

    media_type = "text/csv"

    def parse(self, stream, media_type=None, parser_context=None):
        raw = read_limited(stream)
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ParseError("parse_error") from exc
