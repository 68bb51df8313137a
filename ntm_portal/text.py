"""Text helpers for Vietnamese: diacritic-insensitive matching and safe spreadsheet cells."""

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


def normalise_name(text: str) -> str:
    """Normal form for storing a person's or place's name: NFC, single spaces."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())
