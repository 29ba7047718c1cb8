"""Numbers in the formats of numbering markers: 1, 一, 壹, A, a, I, i (Word's ``w:numFmt`` names).

Example
-------
>>> [format_number(n, "chineseLegalSimplified") for n in (1, 3)], format_number(12, "taiwaneseCountingThousand")
(['壹', '參'], '十二')
>>> format_number(2, "upperLetter"), format_number(4, "lowerRoman"), format_number(7, "decimal")
('B', 'iv', '7')
"""
from __future__ import annotations

__all__ = ["format_number"]

_CN = "〇一二三四五六七八九"
_LEGAL = "零壹貳參肆伍陸柒捌玖"


def _chinese(n: int, digits: str, ten: str) -> str:
    if n < 10:
        return digits[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return (digits[tens] if tens > 1 else "") + ten + (digits[units] if units else "")
    return str(n)


def _roman(n: int) -> str:
    out = []
    for value, mark in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(mark)
            n -= value
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """``n`` written in Word number format ``fmt`` (unknown formats: decimal)."""
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return _chinese(n, _LEGAL, "拾")
    if fmt == "ideographTraditional":
        return "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10]
    if fmt in ("taiwaneseCounting", "taiwaneseCountingThousand", "chineseCounting",
               "chineseCountingThousand", "japaneseCounting"):
        return _chinese(n, _CN, "十")
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    return str(n)
