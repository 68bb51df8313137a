"""The one document builder: every PDF of the portal in the layout of Nghị định 30/2020/NĐ-CP.

A document is a `Document` (who issues it, what kind, its subject, date, appendices) rendered
with a template that extends ``documents/base.html``. The base template holds the blocks of
Phụ lục I of the decree — issuing-body block with its rule, Quốc hiệu and Tiêu ngữ with its rule,
Số/ký hiệu, địa danh and date, tên loại and trích yếu with the rule under it, the body, Nơi nhận,
the signature block (authority line, title, name) — and the page rules: A4, margins top/bottom
20 mm, left 30 mm, right 17 mm on portrait and landscape pages alike, page numbers at the top
centre from page 2, table rows never split, table headers repeated on every page, appendices
numbered in Roman numerals on landscape pages, each saying which document it goes with and
numbering its own pages from 1 (its first page unnumbered).

What the blocks print comes from the unit's `directory.DocumentIssuer` (edited by the
coordinator), never from the code. The font is named with @font-face and points at the files
of Debian's fonts-liberation2 (Liberation Serif: Times New Roman metrics, every Vietnamese
glyph), installed by scripts/ensure-system.sh and the Dockerfile, so the PDF looks the same
on every machine.
"""

from __future__ import annotations

import dataclasses
import datetime
import math
import re
import textwrap
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import AdministrativeUnit, DocumentIssuer, DocumentKind

__all__ = ["Appendix", "Document", "document_for", "render_document", "roman", "vn_date_words"]

SUBJECT_LINE_CHARS = 58  # 14 pt bold Liberation Serif on the 163 mm of an A4 portrait line, with room to spare
KIND_TITLES = {DocumentKind.REPORT: gettext_lazy("BÁO CÁO"), DocumentKind.PLAN: gettext_lazy("KẾ HOẠCH"),
               DocumentKind.LIST: gettext_lazy("DANH SÁCH")}


def roman(n: int) -> str:
    """1 → I, 4 → IV, 9 → IX, 14 → XIV: the appendix numbers of Nghị định 30."""
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += letters * count
    return out


def vn_date_words(day: datetime.date) -> str:
    """ "ngày 05 tháng 02 năm 2025", "ngày 17 tháng 3 năm 2025": a 0 before days under 10 and months 1 and 2."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("ngày %(d)s tháng %(m)s năm %(y)s") % {"d": f"{day.day:02d}", "m": month, "y": day.year}


@dataclasses.dataclass
class Appendix:
    key: str
    number: str  # Roman numeral
    title: str
    note: str = ""  # a line under the title, e.g. "(Ngày ra quân 15/03/2025)"

    @property
    def label(self) -> str:
        return _("Phụ lục %(n)s") % {"n": self.number}

    @property
    def page_name(self) -> str:
        """The CSS named page of this appendix: its own page group, so its pages are numbered from 1."""
        return f"appendix-{self.key}"


@dataclasses.dataclass
class Document:
    issuer: DocumentIssuer
    kind: str  # DocumentKind
    subject: str
    issued_on: datetime.date
    number: str = ""  # blank: the clerk writes it when the document is registered
    recipients: list[str] | None = None  # default: the issuer's
    appendices: dict[str, Appendix] = dataclasses.field(default_factory=dict)

    # -- the blocks ------------------------------------------------------------------------
    @property
    def title(self) -> str:
        return str(KIND_TITLES[DocumentKind(self.kind)])

    @property
    def subject_display(self) -> str:
        """The trích yếu with "ngày" kept on the line of its date."""
        return re.sub(r"(ngày|Ngày) (\d)", "\\1\u00a0\\2", self.subject)

    @property
    def subject_lines(self) -> list[str]:
        """The trích yếu in balanced lines, each set without wrapping, so that the rule under it can be
        drawn at 40 % of its longest line (Nghị định 30: 1/3 to 1/2 of the line)."""
        text = self.subject_display
        if len(text) <= SUBJECT_LINE_CHARS:
            return [text]
        count = math.ceil(len(text) / SUBJECT_LINE_CHARS)
        return textwrap.wrap(text, width=math.ceil(len(text) / count) + 4, break_long_words=False)

    @property
    def kind_name(self) -> str:
        return str(DocumentKind(self.kind).label)

    @property
    def symbol(self) -> str:
        return self.issuer.symbol(self.kind)

    @property
    def number_line(self) -> str:
        """ "Số:        /BC-NN" (room for the number), or "" for a kind the unit does not number."""
        if not self.symbol:
            return ""
        return _("Số: %(n)s/%(s)s") % {"n": self.number or "\u00a0" * 10, "s": self.symbol}

    @property
    def place_date(self) -> str:
        return f"{self.issuer.place}, {vn_date_words(self.issued_on)}"

    @property
    def recipient_lines(self) -> list[str]:
        return self.recipients if self.recipients is not None else self.issuer.recipient_lines

    # -- appendices ------------------------------------------------------------------------
    def add_appendix(self, key: str, title: str, note: str = "") -> Appendix:
        appendix = Appendix(key=key, number=roman(len(self.appendices) + 1), title=title, note=note)
        self.appendices[key] = appendix
        return appendix

    @property
    def appendix_reference(self) -> str:
        """ "(Kèm theo Báo cáo số      /BC-NN ngày 17/3/2025 của …)" under each appendix title."""
        number = f"{self.number or chr(0xa0) * 6}/{self.symbol}" if self.symbol else ""
        return _("(Kèm theo %(kind)s số %(number)s %(date)s của %(issuer)s)") % {
            "kind": self.kind_name, "number": number, "date": vn_date_words(self.issued_on),
            "issuer": self.issuer.in_text}


def document_for(*, unit: AdministrativeUnit, kind: str, subject: str, issued_on: datetime.date | None = None,
                 recipients: list[str] | None = None) -> Document:
    from django.utils import timezone

    from directory.selectors import issuer_of

    return Document(issuer=issuer_of(unit), kind=kind, subject=subject,
                    issued_on=issued_on or timezone.localdate(), recipients=recipients)


def font_dir() -> Path:
    return Path(settings.DOCUMENT_FONT_DIR)


def render_html(template: str, context: dict) -> str:
    return render_to_string(template, {"font_dir": font_dir().as_uri(), **context})


def render_document(template: str, context: dict) -> bytes:
    """Render a template that extends documents/base.html (its context holds `doc`) to PDF bytes."""
    from weasyprint import HTML  # loading Pango costs ~0.5 s: only documents need it
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    html = render_html(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=fonts)
