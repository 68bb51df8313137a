"""Text helpers for Vietnamese: diacritic-insensitive matching and safe spreadsheet cells."""

import re
import unicodedata


def fold(text: str) -> str:
    """Lower-case, strip diacritics and collapse spaces: "Nguyễn  Văn Đức" → "nguyen van duc".

    Documents reach us after poor OCR with their diacritics lost, so every search over names
    compares folded forms.
    """
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def fold_aligned(text: str) -> str:
    """`fold` one character at a time, keeping the length: position i of the result is character
    i of `text` folded, so a match found in the folded text can be cut from the original."""
    out = []
    for ch in text or "":
        if ch in "đĐ":
            out.append("d")
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        out.append(base.lower()[:1] if len(base.lower()) >= 1 else " ")
    return "".join(out)


def normalise_name(text: str) -> str:
    """Normal form for storing a person's or place's name: NFC, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


# --- text typed with the legacy 8-bit Vietnamese fonts ---------------------------------------------
# Before Unicode, Vietnamese was typed with fonts that redraw ordinary code points: TCVN3 (ABC,
# .VnTime) puts ă â ê ô ơ ư đ and the toned vowels on bytes 0xA1–0xFE, VNI (VNI-Times) writes a
# base letter followed by a mark character. Excel stores what the bytes mean in Windows-1252, so
# "Nguyễn Văn An" arrives as "NguyÔn V¨n An" (TCVN3) or "Nguyeãn Vaên An" (VNI).
VIETNAMESE_LETTERS = frozenset(
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"
)
# Windows-1252 characters that no Vietnamese word holds: what TCVN3 and VNI bytes turn into.
_CP1252_ONLY = frozenset(
    "¡¢£¤¥¦§¨©ª«¬\xad®¯±²³´µ¶·¸¹º»¼½¾¿ÄÅÆÇËÎÏÐÑÖØÛÜÞßäåæçëîïðñöøûüþÿŒœŠšŸŽžƒˆ˜"
)
# VNI: a plain a/e followed by any marked letter (ă = "aê", ễ = "eã"), or o, u, y followed by the
# tone characters VNI appends (ó = "où", ụ = "uï") — sequences a Vietnamese syllable never has.
_VNI_PAIR = re.compile(r"[aeAE][^\x00-\x7f\W\d_]|[ouyOUY][ùøûõï]")


def legacy_vietnamese_font(text: str) -> str | None:
    """"TCVN3" or "VNI" when `text` looks typed with a legacy Vietnamese font, else None.

    Heuristic, tuned to never flag correct Unicode Vietnamese (old-style "hoà", "thuý" included):
    a Windows-1252 character that Vietnamese never uses next to a letter, a capital inside a
    word (TCVN3 puts ễ on "Ô"), or a VNI letter-and-mark pair.
    """
    if not text or text.isascii():
        return None
    if _VNI_PAIR.search(text):
        return "VNI"
    for i, ch in enumerate(text):
        if ch in _CP1252_ONLY:
            neighbours = text[max(i - 1, 0):i] + text[i + 1:i + 2]
            if any(n.isalpha() for n in neighbours) or ch.isalpha():
                return "TCVN3"
    if any(b.isupper() and not b.isascii() and a.islower() for a, b in zip(text, text[1:], strict=False)):
        return "TCVN3"
    return None
