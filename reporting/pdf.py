"""PDF documents in the Vietnamese administrative layout (Nghị định 30/2020/NĐ-CP), via WeasyPrint.

Templates extend templates/reporting/pdf/base_admin.html, which draws the issuing-body block and
the national title block side by side, the place and date line, and the title; they fill
`content` (and optionally `signature`). Fonts are the system's Liberation Serif (metric-compatible
with Times New Roman), so Vietnamese diacritics render without any web font.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict) -> bytes:
    """Render a template that extends reporting/pdf/base_admin.html to PDF bytes."""
    from weasyprint import HTML  # imported here: loading Pango costs ~0.5 s, only PDF views need it

    html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
