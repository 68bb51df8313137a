"""Numbers as a Vietnamese reader writes them: 12.345 and 1.234,5 (dot for thousands, comma for decimals)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def vn_number(value) -> str:
    """12345 → "12.345"; Decimal("1234.50") → "1.234,5"; None → "–"."""
    if value is None or value == "":
        return "–"
    if isinstance(value, Decimal):
        value = value.normalize() if value == value.to_integral_value() else value
        if value == value.to_integral_value():
            value = int(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    text = f"{Decimal(value):,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def vn_percent(value) -> str:
    if value is None:
        return "–"
    return f"{Decimal(value):.1f}".replace(".", ",") + "%"


def vn_delta(value) -> str:
    if value is None:
        return "–"
    if value > 0:
        return "+" + vn_number(value)
    return vn_number(value)


def vn_million(value) -> str:
    """An amount in đồng as millions, one decimal, for a figure card on a phone: 542800000 → "542,8";
    7436600000 → "7.436,6"; None → "–"."""
    if value is None or value == "":
        return "–"
    millions = (Decimal(value) / Decimal(1_000_000)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return vn_number(millions)
