"""The judged search set on PostgreSQL (full-text + unaccent + pg_trgm), with the figures printed,
and the same set on the SQLite fallback (a lower bar: it folds diacritics but forgives no OCR error)."""

import pytest
from django.db import connection

from library.models import Document
from library.search import search_documents
from tests.conftest import require_service
from tests.library.judged_queries import JUDGED, measure

pytestmark = pytest.mark.django_db


def _ranking(seed_documents, fallback=None):
    key_of = {doc.pk: key for key, doc in seed_documents.items()}

    def ranking_of(query):
        return [key_of[r.document.pk] for r in search_documents(Document.objects.all(), query, fallback=fallback)]
    return ranking_of


def _print(backend, precision, mrr, rows):
    print(f"\n{backend}: {len(rows)} queries, precision@5 = {precision:.3f}, MRR = {mrr:.3f}")
    for query, relevant, top, p5, rr in rows:
        if rr < 1:
            print(f"  RR {rr:.2f} P@5 {p5:.2f}  {query!r}: expected {relevant}, got {top}")


def test_the_judged_set_is_large_enough():
    assert len(JUDGED) >= 30
    assert any(q.isascii() for q, _r in JUDGED) and any(not q.isascii() for q, _r in JUDGED)


def test_judged_set_on_postgresql(seed_documents):
    require_service(connection.vendor == "postgresql", "PostgreSQL as the test database (DATABASE_URL)")
    precision, mrr, rows = measure(_ranking(seed_documents))
    _print("PostgreSQL", precision, mrr, rows)
    assert mrr >= 0.9
    assert precision >= 0.9
    # the clean conclusion and its mangled scan both near the top
    top = _ranking(seed_documents)("ngay thu bay vi nong thon moi")[:3]
    assert {"000", "001"} <= set(top)


def test_judged_set_on_the_sqlite_fallback(seed_documents):
    """The fallback `make run` uses on SQLite (run here on whichever database the tests use)."""
    precision, mrr, rows = measure(_ranking(seed_documents, fallback=True))
    _print(f"Fallback ranking (on {connection.vendor})", precision, mrr, rows)
    assert mrr >= 0.85
