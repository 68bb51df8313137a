"""Finding documents by what they say, as people type on a phone: without diacritics, with typos,
over texts that come from bad scans.

PostgreSQL: full-text search (`simple` configuration, the folded columns, the query through
`unaccent`) ranked together with trigram word similarity (`pg_trgm`), which forgives OCR errors
("nong thon moi" ≈ "néng thén maoi"). SQLite (`make run`): the same folded columns, words and
word pairs counted in Python. Both show the passage that matches best, highlighted and escaped.
"""

from __future__ import annotations

import dataclasses
import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.db import connection
from django.db.models import F, FloatField, Func, Q, QuerySet, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ntm_portal.text import fold, fold_aligned

from .models import Document, DocumentVersion

MAX_RESULTS = 50
CANDIDATES = 500  # SQLite: documents scored in Python at most
PASSAGE_WORDS = 40
WORD = re.compile(r"[a-z0-9]+")
STOP = {"va", "cua", "cac", "la", "the", "de", "so"}  # frequent words that say nothing about a document


@dataclasses.dataclass
class Result:
    document: Document
    score: float
    passage: SafeString


def query_words(query: str) -> list[str]:
    return WORD.findall(fold(query))[:20]


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def search_documents(documents: QuerySet[Document], query: str, *, fallback: bool | None = None) -> list[Result]:
    """`documents` (already limited to what the user may see and to the filters) that match `query`,
    best first, each with its highlighted passage; without a query, the latest documents.
    `fallback`: the SQLite ranking (the default off PostgreSQL; tests ask for it on PostgreSQL too)."""
    words = query_words(query)
    documents = documents.select_related("owner")
    if not words:
        return [Result(d, 0.0, mark_safe("")) for d in documents.order_by("-issued_on", "-id")[:MAX_RESULTS]]
    if fallback is None:
        fallback = not _is_postgres()
    ranked = _rank_python(documents, words) if fallback else _rank_postgres(documents, words)
    texts = _current_texts([d.pk for d, _s in ranked])
    return [Result(document, score, highlight(texts.get(document.pk, ""), words) or highlight(document.subject, words))
            for document, score in ranked]


def _rank_postgres(documents: QuerySet[Document], words: list[str]) -> list[tuple[Document, float]]:
    text = " ".join(words)
    meaningful = [w for w in words if w not in STOP] or words
    tsquery = SearchQuery(" | ".join(dict.fromkeys(meaningful)), search_type="raw", config="simple")
    vector = (SearchVector(Func(F("search_head"), function="unaccent"), config="simple", weight="A")
              + SearchVector(Func(F("search_body"), function="unaccent"), config="simple", weight="B"))
    typed = Func(Value(text), function="unaccent")
    annotated = documents.annotate(
        head_sim=TrigramWordSimilarity(typed, "search_head"),
        body_sim=TrigramWordSimilarity(typed, "search_body"),
        rank=SearchRank(vector, tsquery, normalization=Value(32)),
    ).annotate(
        score=2 * F("head_sim") + 1.5 * F("body_sim") + F("rank") * Value(2.0, output_field=FloatField()),
    ).filter(Q(head_sim__gte=0.3) | Q(body_sim__gte=0.3) | Q(rank__gt=0))
    return [(d, float(d.score)) for d in annotated.order_by("-score", "-issued_on", "-id")[:MAX_RESULTS]]


def _pairs(tokens: list[str]) -> set[tuple[str, str]]:
    return set(zip(tokens, tokens[1:], strict=False))


def _cover(words: list[str], tokens: set[str]) -> float:
    """Share of the words found among the tokens; an OCR rendering one letter off counts half."""
    found = 0.0
    for word in words:
        if word in tokens:
            found += 1
        elif len(word) >= 4 and any(_close(token, word) for token in tokens if token[:1] == word[:1]):
            found += 0.5
    return found / len(words)


def _rank_python(documents: QuerySet[Document], words: list[str]) -> list[tuple[Document, float]]:
    meaningful = [w for w in words if w not in STOP] or words
    match = Q()
    for word in dict.fromkeys(meaningful):
        match |= Q(search_head__contains=word) | Q(search_body__contains=word)
    scored = []
    query_pairs = _pairs(words)
    for document in documents.filter(match)[:CANDIDATES]:
        head, body = WORD.findall(document.search_head), WORD.findall(document.search_body)
        head_cover = _cover(meaningful, set(head))
        body_cover = _cover(meaningful, set(body))
        pair_share = (len(query_pairs & _pairs(head)) * 2 + len(query_pairs & _pairs(body))) / max(len(query_pairs), 1)
        score = 2 * head_cover + 1.5 * body_cover + pair_share
        scored.append((document, score))
    scored.sort(key=lambda item: (-item[1], -(item[0].issued_on.toordinal() if item[0].issued_on else 0),
                                  -item[0].pk))
    return scored[:MAX_RESULTS]


def _current_texts(ids: list[int]) -> dict[int, str]:
    texts: dict[int, str] = {}
    for document_id, text in (DocumentVersion.objects.filter(document_id__in=ids)
                              .order_by("document_id", "-number").values_list("document_id", "text")):
        texts.setdefault(document_id, text)
    return texts


def _close(token: str, word: str) -> bool:
    """The typed word, or an OCR rendering of it one letter off ("thir" for "thu", "maoi" for "moi")."""
    if token == word:
        return True
    # Three-letter syllables differ by one letter too often (moi, mai, mối) to be forgiven.
    if len(word) < 4 or len(token) < 3 or abs(len(token) - len(word)) > 1 or token[0] != word[0]:
        return False
    if len(token) == len(word):
        return sum(a != b for a, b in zip(token, word, strict=True)) <= 1
    longer, shorter = (token, word) if len(token) > len(word) else (word, token)
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def highlight(text: str, words: list[str]) -> SafeString:
    """The window of the text with the most query words, escaped, the words in <mark>."""
    if not text or not words:
        return mark_safe("")
    folded = fold_aligned(text)
    spans = [(m.start(), m.end(), m.group()) for m in WORD.finditer(folded)]
    if not spans:
        return mark_safe("")
    wanted = set(words)
    hits = [any(_close(token, w) for w in wanted) for _s, _e, token in spans]
    best, best_count, window = 0, -1, min(PASSAGE_WORDS, len(spans))
    count = sum(hits[:window])
    for start in range(0, len(spans) - window + 1):
        if start:
            count += hits[start + window - 1] - hits[start - 1]
        if count > best_count:
            best, best_count = start, count
    out, cursor = [], spans[best][0]
    for index in range(best, best + window):
        start, end, _token = spans[index]
        out.append(escape(text[cursor:start]))
        piece = escape(text[start:end])
        out.append(f"<mark>{piece}</mark>" if hits[index] else piece)
        cursor = end
    prefix = "… " if best else ""
    suffix = " …" if best + window < len(spans) else ""
    passage = " ".join("".join(out).split())
    return mark_safe(f"{prefix}{passage}{suffix}")  # every piece of the document's text went through escape()
