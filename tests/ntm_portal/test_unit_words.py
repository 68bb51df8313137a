"""Every user-facing word about the coordinating unit comes from the unit or the settings, never
from code: the same portal serves a district, a province's office or a merged commune.

The check reads the source the way the issue's `grep -rn "huyện\\|Phòng NN\\|Di Linh\\|679"` does,
but only the strings a user can see: in Python every string literal except docstrings (comments
are not strings), in templates everything outside template comments. Demo data, migrations, tests
and bench are left out. A string that names the district level itself (the unit kind "huyện",
a territory file's district rows, the QĐ 320 district set a loader ships) carries the comment
`# names the district level` or `# loader default` on one of its lines.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORDS = re.compile(r"huyện|Phòng NN|Di Linh|\b679\b")
MARKERS = ("# names the district level", "# loader default")
APPS = ["campaigns", "criteria", "directory", "ntm_portal", "reporting", "templates"]
TEMPLATE_COMMENT = re.compile(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S)


def _skipped(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return "migrations" in parts or path.name.startswith("demo") or "demo" in parts


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                ids.add(id(first.value))
    return ids


def python_words(source: str, name: str = "<source>") -> list[str]:
    """`file:line: text` for each user-visible string literal holding one of the words."""
    tree = ast.parse(source)
    lines = source.splitlines()
    docstrings = _docstring_nodes(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in docstrings:
            continue
        if not WORDS.search(node.value):
            continue
        span = lines[node.lineno - 1: node.end_lineno]
        if any(marker in line for line in span for marker in MARKERS):
            continue
        found.append((node.lineno, f"{name}:{node.lineno}: {node.value.strip()[:80]}"))
    return [text for _line, text in sorted(found)]


def template_words(text: str, name: str = "<template>") -> list[str]:
    text = TEMPLATE_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return [f"{name}:{n}: {line.strip()[:80]}" for n, line in enumerate(text.splitlines(), 1) if WORDS.search(line)]


def test_the_check_finds_what_it_looks_for():
    source = ('"""Di Linh acts on Saturdays."""\nfrom x import _\n# Di Linh in a comment\n'
              'LABEL = _("Lãnh đạo huyện")\nKEPT = _("Huyện")  # a kind label, capitalised\n'
              'LEVEL = _("huyện")  # names the district level\nCODE = "679"\nOTHER = "16790"\n')
    assert python_words(source) == ["<source>:4: Lãnh đạo huyện", "<source>:7: 679"]
    assert template_words('{# Di Linh #}\n{% translate "Toàn huyện" %}\n{{ unit.name }}') == [
        '<template>:2: {% translate "Toàn huyện" %}']


def test_no_user_facing_district_words_outside_demo_data():
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*")):
            if not path.is_file() or _skipped(path):
                continue
            name = str(path.relative_to(ROOT))
            if path.suffix == ".py":
                found += python_words(path.read_text(encoding="utf-8"), name)
            elif path.suffix in (".html", ".txt"):
                found += template_words(path.read_text(encoding="utf-8"), name)
    assert found == [], "\n".join(found)
