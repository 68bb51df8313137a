"""Reading a document's header from its text: number and symbol, place and date, kind, subject,
issuing body and signer — proposed in the form, confirmed by the person.

The text is often an OCR of a scan with its diacritics lost or mangled ("S6 422 -TB/HU",
"ngay 02 thang 3 ndam 2023", "THONG BAO"), so every pattern runs over the folded text
(`fold_aligned`: lower case, no diacritics, same length) and the value is cut from the original.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from ntm_portal.text import fold, fold_aligned

from .models import DocumentKind

HEAD_LINES = 40  # the header of a document: its first lines
NUMBER_WITHIN = 600  # "Số: …" stands in the first characters of the header, above the body
# The kind line as printed ("THÔNG BÁO", "KẾ HOẠCH"), folded.
KIND_WORDS = {
    "nghi quyet": DocumentKind.RESOLUTION, "chi thi": DocumentKind.DIRECTIVE, "ket luan": DocumentKind.CONCLUSION,
    "thong bao": DocumentKind.NOTICE, "ke hoach": DocumentKind.PLAN, "quyet dinh": DocumentKind.DECISION,
    "bao cao": DocumentKind.REPORT, "huong dan": DocumentKind.GUIDANCE, "chuong trinh": DocumentKind.PROGRAMME,
    "cong van": DocumentKind.OFFICIAL_LETTER,
}
# The kind abbreviation of a symbol ("422-TB/HU" → TB), folded and upper-cased.
KIND_CODES = {choice.value.upper().replace("Đ", "D"): choice for choice in DocumentKind if choice.value}
# "Số: 422-TB/HU", "Số 134 -KH/HU", OCR "S6 422 -TB/HU", "So: 12/QD-UBND", "Số: /TB-BCĐXDNTM" (no number yet).
NUMBER = re.compile(
    r"(?m)^[ \t]*s[o0-9e]\s*[:.]?\s*(?P<n>\d{1,5})?\s*(?P<sep>[-/])?\s*(?P<sym>[a-z]{1,6}(?:\s*[-/]\s*[a-z0-9]{1,12}){1,3})"
    r"(?![a-z0-9])")
# "Di Linh, ngày 02 tháng 3 năm 2023"; OCR "ngay 02 thang 3 ndam 2023", "ngày tháng 11 năm 2020" (day left blank).
DATE = re.compile(r"(?P<place>[a-z][a-z .'-]{1,40}?)\s*,\s*ng\S{1,2}y\s+(?P<d>\d{1,2})?\s*th\S{1,2}ng\s+(?P<m>\d{1,2})"
                  r"\s+n\S{1,3}m\s+(?P<y>\d{4})")
BODY_WORDS = ("uy ban", "ubnd", "huyen uy", "tinh uy", "dang uy", "ban chi dao", "ban thuong vu", "hoi dong",
              "phong ", "so ", "van phong", "mat tran", "ban dan van", "ban ")
NOT_BODY = ("cong hoa", "dang cong san", "doc lap", "so ", "so:")
SUBJECT_STOPS = re.compile(r"^(ngay\s[\d/ thangnm]+,|can cu|thuc hien|trong nhung|sau khi|de\s|kinh gui|tham du|"
                           r"nham\s|qua\s|hien nay|i\.|1\.)")
SIGNER = re.compile(r"^[A-ZĐ\u00C0-\u1EF9][a-zđ\u00E0-\u1EF9]+(?:\s+[A-ZĐ\u00C0-\u1EF9][a-zđ\u00E0-\u1EF9]+){1,4}$")


@dataclasses.dataclass
class Header:
    kind: str = ""
    number: str = ""
    place: str = ""
    issued_on: datetime.date | None = None
    issuing_body: str = ""
    subject: str = ""
    signer: str = ""

    def as_initial(self) -> dict:
        return {key: value for key, value in dataclasses.asdict(self).items() if value not in ("", None)}


def _lines(text: str) -> list[str]:
    return [line.strip().strip("#*|_ ").strip() for line in (text or "").split("\n")]


def read_number(head: str) -> tuple[str, str]:
    """(number and symbol, kind code) from the header: "422-TB/HU", "TB"."""
    folded = fold_aligned(head)
    for match in NUMBER.finditer(folded):
        symbol = re.sub(r"\s+", "", head[match.start("sym"):match.end("sym")]).upper()
        if "/" not in symbol and "-" not in symbol:
            continue
        code = re.split(r"[-/]", fold(symbol).upper())[0]
        number = match.group("n") or ""
        value = f"{number}{match.group('sep') or '-'}{symbol}" if number else f"/{symbol}"
        return value, code if code in KIND_CODES else ""
    return "", ""


def read_date(head: str) -> tuple[str, datetime.date | None]:
    folded = fold_aligned(head)
    match = DATE.search(folded)
    if not match:
        return "", None
    place = head[match.start("place"):match.end("place")].strip()
    # An uppercase body's name may share the line ("HUYEN UY DI LINH Di Linh, ngay ..."): keep the
    # last capitalised words that are not all upper case.
    words = place.split()
    tail = [w for w in words if not (w.isupper() and len(w) > 1)]
    place = " ".join(words[len(words) - len(tail):]) if tail and len(tail) < len(words) else place
    if not match.group("d"):
        return place, None
    try:
        return place, datetime.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return place, None


def read_kind_and_subject(lines: list[str]) -> tuple[str, str]:
    for index, line in enumerate(lines[:HEAD_LINES]):
        kind = KIND_WORDS.get(fold(line))
        if not kind or not line.upper() == line:
            continue
        subject, after_blank = [], False
        for following in lines[index + 1:index + 12]:
            folded = fold(following)
            if not following:
                after_blank = bool(subject)
                continue
            if after_blank and not following[:1].islower():
                break  # a wrapped subject goes on in lower case; a new capitalised line starts the body
            after_blank = False
            if set(following) <= set("-–_*=. ") or SUBJECT_STOPS.match(folded) or len(following) > 250:
                break
            if following.isupper() and folded.startswith(("cua ", "cua:")):
                continue  # "CỦA BAN THƯỜNG VỤ HUYỆN ỦY": the author, not the subject
            subject.append(following)
            if len(subject) == 6:
                break
        return kind, " ".join(" ".join(subject).split())
    return "", ""


def read_issuing_body(lines: list[str]) -> str:
    """The last upper-case line naming a body above the kind line ("HUYỆN ỦY DI LINH")."""
    found = ""
    for line in lines[:15]:
        folded = fold(line)
        if fold(line) in KIND_WORDS:
            break
        upper = " ".join(w for w in line.split() if w.isupper() or not w.isalpha())
        upper_words = []
        for word in line.split():
            if word.isupper() or word in {"-", "–"}:
                upper_words.append(word)
            else:
                break
        upper = " ".join(upper_words).strip(" -–")
        folded = fold(upper)
        if len(upper) >= 5 and folded.startswith(BODY_WORDS) and not folded.startswith(NOT_BODY):
            found = upper
    return found


def read_signer(lines: list[str]) -> str:
    for line in reversed([line for line in lines if line][-12:]):
        if SIGNER.match(line) and not line.isupper():
            return line
    return ""


def read_header(text: str) -> Header:
    lines = _lines(text)
    head = "\n".join(lines[:HEAD_LINES])
    number, code = read_number("\n".join(line for line in lines[:HEAD_LINES] if line)[:NUMBER_WITHIN])
    place, issued_on = read_date(head)
    kind, subject = read_kind_and_subject(lines)
    return Header(kind=kind or KIND_CODES.get(code, ""), number=number, place=place, issued_on=issued_on,
                  issuing_body=read_issuing_body(lines), subject=subject[:1000], signer=read_signer(lines))
