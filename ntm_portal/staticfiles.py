"""Only the Bootstrap the portal uses: a static-files finder that serves a purged `bootstrap.min.css`.

Bootstrap comes from the `xstatic-bootstrap` package (never copied into the repository). Of its 232 KB
the portal uses a small part, and a phone on 3G pays for every byte on a first visit. This finder
builds `css/bootstrap-portal.css` from the package at set-up time — `collectstatic` (make run, the
Docker image) and the development/test static server both go through finders — keeping a rule only
when every class its selector names appears somewhere in our templates (ours and crispy-bootstrap5's),
Python code or scripts. The CSS is parsed with `tinycss2` (WeasyPrint's parser), so @media and
@supports blocks are purged rule by rule and nothing is cut in the middle of a declaration.
"""

from __future__ import annotations

import functools
import pathlib
import re

import tinycss2
from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

OUTPUT_NAME = "css/bootstrap-portal.css"
# Classes put together at run time (`alert-{{ message.tags }}`): keep every variant.
SAFELIST = re.compile(r"^(alert|text-bg|btn|bg|text|border)-(primary|secondary|success|info|warning|danger|light|dark)$")
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_WORD = re.compile(r"[A-Za-z][\w-]*")


def _bootstrap_css() -> pathlib.Path:
    import xstatic.pkg.bootstrap

    return pathlib.Path(xstatic.pkg.bootstrap.BASE_DIR) / "css" / "bootstrap.min.css"


def _sources() -> list[pathlib.Path]:
    import crispy_bootstrap5

    base = pathlib.Path(settings.BASE_DIR)
    roots = [base / "templates", base / "static", pathlib.Path(crispy_bootstrap5.__file__).parent / "templates"]
    roots += [base / app for app in ("ntm_portal", "directory", "campaigns", "criteria", "reporting")]
    files = []
    for root in roots:
        files += [p for p in root.rglob("*") if p.suffix in (".html", ".js", ".py") and "migrations" not in p.parts]
    return files


def used_words(files: list[pathlib.Path]) -> set[str]:
    words: set[str] = set()
    for path in files:
        words.update(_WORD.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return words


def _keep_selector(selector: str, words: set[str]) -> bool:
    if "data-bs-theme=dark" in selector:
        return False
    return all(name in words or SAFELIST.match(name) for name in _CLASS.findall(selector))


def _purge(rules, words: set[str]) -> list[str]:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s.strip() for s in tinycss2.serialize(rule.prelude).split(",")]
            kept = [s for s in selectors if _keep_selector(s, words)]
            if kept:
                out.append(",".join(kept) + "{" + tinycss2.serialize(rule.content).strip() + "}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports", "container", "layer") \
                and rule.content is not None:
            inner = _purge(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), words)
            if inner:
                out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude).rstrip()}{{{''.join(inner)}}}")
        elif rule.type == "at-rule" and rule.lower_at_keyword == "keyframes":
            name = tinycss2.serialize(rule.prelude).strip()
            if name in words:
                out.append(tinycss2.serialize([rule]))
        elif rule.type == "at-rule":
            out.append(tinycss2.serialize([rule]))
    return out


def purge_css(css: str, words: set[str]) -> str:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    licence = re.search(r"/\*!.*?\*/", css, re.S)
    return (licence[0] + "\n" if licence else "") + "".join(_purge(rules, words))


@functools.lru_cache(maxsize=1)
def _build(stamp: float) -> pathlib.Path:
    out_dir = pathlib.Path(settings.VAR_DIR) / "build"
    target = out_dir / OUTPUT_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    css = purge_css(_bootstrap_css().read_text(encoding="utf-8"), used_words(_sources()))
    if not target.exists() or target.read_text(encoding="utf-8") != css:
        target.write_text(css, encoding="utf-8")
    return out_dir


def build_dir() -> pathlib.Path:
    """The folder holding the purged CSS, rebuilt when a template, script or module changed."""
    stamp = max(p.stat().st_mtime for p in [*_sources(), _bootstrap_css()])
    return _build(stamp)


class PurgedBootstrapFinder(BaseFinder):
    def find(self, path, find_all=False, **kwargs):
        if path != OUTPUT_NAME:
            return [] if find_all or kwargs.get("all") else None
        match = str(build_dir() / OUTPUT_NAME)
        return [match] if find_all or kwargs.get("all") else match

    def list(self, ignore_patterns):
        yield OUTPUT_NAME, FileSystemStorage(location=str(build_dir()))

    def check(self, **kwargs):
        return []
