"""Quantities (KPI targets) and money amounts in Chinese plan text.

Pure standard library. All vocabulary (Chinese numerals, units, qualifier cues, money-kind
cues, tense cues, deadline exclusions) lives in ``quantity_rules.tsv`` next to this module,
read with :mod:`importlib.resources` from package ``policykg.loaders``.

Numbers (:func:`parse_chinese_number`)
    Arabic numerals with optional thousands commas and decimals ("1,500", "87.6"),
    full-width digits, Chinese numerals ("十", "二十", "百", "百萬", "一千二百"),
    Arabic numerals followed by Chinese multipliers ("15兆", "1,500億", "13.9億", "50萬"),
    and the ratio suffix 成 ("七成" -> 0.7). Anything else raises ``ValueError``.

Extraction (:func:`extract_quantities`, :func:`extract_money`)
    A mention is ``[qualifier cues] number [+] [萬|億|兆 ...] unit [以上|以下]``, unit from the
    rules file. Chinese multipliers multiply the value ("10萬筆" -> 100000 筆); unit factors
    convert ("20百萬瓦" -> 20 MW, "7成" -> 70 %). Money (元 -> TWD, 美元 -> USD) is only
    returned by :func:`extract_money`, never as a quantity. An Arabic number ending in 億 or
    兆 with no unit after it ("累計投資金額至少5億") is money in TWD.

Not quantities: numbers without a unit (years "2028年", ROC years "113年", dates, periods
"115/01-117/12", list numbers "1." "(2)", footnotes), ranks after 第/世界前 ("第13",
"第1~3梯次"), numbers glued to Latin letters ("SEMI E187", "L3", "4K", "Taipei-1",
"B2B"; "2-Qubits" is a technology name, not 2 qubits), the lone Chinese numeral 一 (it
is mostly the article "a": "一個覆蓋全臺的網路"), and Chinese-numeral amounts without
元 ("千億資金", "百億基金" are programme names).

Ranges ("900至1,700億美元", "2.6兆至4.4兆美元") give two results with the same span and
text, qualified ``range_min`` and ``range_max``; the first end borrows the unit (and the
multiplier when it has none) of the second.

Qualifier: every cue that fires, joined with ";" in reading order (no precedence is
dropped): clause cues (累計 anywhere earlier in the clause), the chain of cues directly
before the number (累計至少 -> "cumulative;at_least", 達約 -> "reaching;about"), range
ends, then cues after the number or unit ("+", 以上). ``None`` when no cue fires.

Deadline: the last year written before the mention in the same sentence (sentences end
at 。；;！？!? newline or tab): AD "2028年", or ROC "117年" (100-130) -> ROC + 1911.
Years followed by 起/以來/的研究/的報告/時... are start or source years and are skipped.
For achieved figures the year is the reference year ("113年達87.6%" -> "2024").

Money kind: ``achieved`` when the sentence before the amount has a past cue (已, 完成,
截至, 初步統計, 年起...) and no future cue (預計, 將, 目標...), or, when the sentence has
neither, when the nearest markdown heading above has an achieved-heading cue (已有,
初步成果...) and no future cue ("## 二、五大信賴產業 AI 已有初步成果"). Otherwise the
kind cue nearest to the amount in the same clause (before or after it) wins, ties going
to the row listed first in the rules file; no cue gives ``other``. A clause ends at
，,、 as well as at the sentence ends.

Example:
    >>> [(q.value, q.unit) for q in extract_quantities("產生 50 萬個高薪就業機會")]
    [(Decimal('500000'), '個')]
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources

__all__ = [
    "MoneyAmount",
    "Quantity",
    "QuantityRules",
    "extract_money",
    "extract_quantities",
    "load_quantity_rules",
    "parse_chinese_number",
]

RULES_FILE = "quantity_rules.tsv"
ROC_YEAR_OFFSET = 1911
ROC_YEAR_RANGE = range(100, 131)
SENTENCE_BOUNDARIES = "。；;！？!?\n\t"
CLAUSE_BOUNDARIES = SENTENCE_BOUNDARIES + "，,、"
INLINE_SPACE = " \u3000\u00a0"
FULL_WIDTH = str.maketrans("０１２３４５６７８９，．", "0123456789,.")
ARABIC_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
YEAR_MENTION = re.compile(r"(?<![\d,.])(\d{2,4})\s*年")


@dataclass(frozen=True)
class Quantity:
    """A non-money quantity with a unit, e.g. 至少20項 -> Quantity(20, "項", "at_least", ...)."""

    value: Decimal
    unit: str
    qualifier: str | None
    text: str
    start: int
    end: int
    deadline: str | None
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    baseline_value: Decimal | None = None
    baseline_year: str | None = None


@dataclass(frozen=True)
class MoneyAmount:
    """An amount of money in whole currency units, e.g. 匡列100億元 -> 10000000000 TWD allocation."""

    value: Decimal
    currency: str
    kind: str
    qualifier: str | None
    text: str
    start: int
    end: int
    deadline: str | None
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    baseline_value: Decimal | None = None
    baseline_year: str | None = None


@dataclass(frozen=True)
class UnitRule:
    """One written unit: 百萬瓦 -> unit "MW", factor 1; 成 -> unit "%", factor 10."""

    written: str
    unit: str
    factor: Decimal
    not_followed_by: tuple[str, ...]
    is_money: bool
    needs_multiplier: bool = False


@dataclass(frozen=True)
class QuantityRules:
    """The tables of quantity_rules.tsv. Example: load_quantity_rules().qualifier_before["至少"] == "at_least"."""

    numerals: dict[str, Decimal] = field(default_factory=dict)
    ratios: dict[str, Decimal] = field(default_factory=dict)
    units: tuple[UnitRule, ...] = ()
    qualifier_before: dict[str, str] = field(default_factory=dict)
    qualifier_clause: dict[str, str] = field(default_factory=dict)
    qualifier_after: dict[str, str] = field(default_factory=dict)
    range_separators: tuple[str, ...] = ()
    ordinal_prefixes: tuple[str, ...] = ()
    money_kinds: tuple[tuple[str, str], ...] = ()
    achieved_cues: tuple[str, ...] = ()
    achieved_headings: tuple[str, ...] = ()
    future_cues: tuple[str, ...] = ()
    year_not_deadline: tuple[str, ...] = ()
    baseline_cues: tuple[str, ...] = ()
    change_cues: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def load_quantity_rules() -> QuantityRules:
    """Read quantity_rules.tsv from package policykg.loaders. Example: load_quantity_rules().numerals["兆"]."""
    text = resources.files("policykg.loaders").joinpath(RULES_FILE).read_text(encoding="utf-8")
    tables: dict[str, list[list[str]]] = {}
    for row in csv.reader(text.splitlines(), delimiter="\t"):
        if not row or not row[0].strip() or row[0].startswith("#"):
            continue
        row = row + [""] * (5 - len(row))
        tables.setdefault(row[0].strip(), []).append(row)

    def pairs(table: str) -> dict[str, str]:
        return {row[1]: row[2] for row in tables.get(table, [])}

    def written(table: str) -> tuple[str, ...]:
        return tuple(sorted((row[1] for row in tables.get(table, [])), key=len, reverse=True))

    units = []
    for table, is_money, needs_multiplier in (
        ("unit", False, False), ("multiplied_unit", False, True), ("money_unit", True, False)
    ):
        for row in tables.get(table, []):
            units.append(
                UnitRule(
                    written=row[1],
                    unit=row[2],
                    factor=Decimal(row[3]) if row[3].strip() else Decimal(1),
                    not_followed_by=tuple(s for s in row[4].split("|") if s),
                    is_money=is_money,
                    needs_multiplier=needs_multiplier,
                )
            )
    units.sort(key=lambda u: len(u.written), reverse=True)
    return QuantityRules(
        numerals={k: Decimal(v) for k, v in pairs("numeral").items()},
        ratios={k: Decimal(v) for k, v in pairs("ratio").items()},
        units=tuple(units),
        qualifier_before=pairs("qualifier_before"),
        qualifier_clause=pairs("qualifier_clause"),
        qualifier_after=pairs("qualifier_after"),
        range_separators=written("range_separator"),
        ordinal_prefixes=written("ordinal_prefix"),
        money_kinds=tuple((row[1], row[2]) for row in tables.get("money_kind", [])),
        achieved_cues=written("achieved_cue"),
        achieved_headings=written("achieved_heading"),
        future_cues=written("future_cue"),
        year_not_deadline=written("year_not_deadline"),
        baseline_cues=written("baseline_cue"),
        change_cues=written("change_cue"),
    )


# --------------------------------------------------------------------------- numbers


def _canonical(value: Decimal) -> Decimal:
    """1390000000.0 -> 1390000000, 0.670 -> 0.67 (no exponent notation for whole numbers)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _multiplier_chars(rules: QuantityRules) -> str:
    """十百千萬億兆: numerals that multiply what precedes them."""
    return "".join(ch for ch, v in rules.numerals.items() if v >= 10)


def _big_unit_chars(rules: QuantityRules) -> str:
    """萬億兆: a Chinese number cannot start with these."""
    return "".join(ch for ch, v in rules.numerals.items() if v >= 10000)


def _chinese_value(numeral: str, rules: QuantityRules) -> Decimal:
    """一千二百 -> 1200, 百萬 -> 1000000, 二十 -> 20 (standard positional reading)."""
    result = Decimal(0)
    section = Decimal(0)
    digit: Decimal | None = None
    last_big: Decimal | None = None
    for ch in numeral:
        value = rules.numerals[ch]
        if value < 10:
            digit = value
        elif value < 10000:
            section += (digit if digit is not None else Decimal(1)) * value
            digit = None
        else:
            chunk = section + (digit or 0)
            if chunk == 0:
                chunk = Decimal(1)
            if last_big is not None and value > last_big:
                result = (result + chunk) * value
            else:
                result += chunk * value
            last_big = value
            section = Decimal(0)
            digit = None
    return result + section + (digit or 0)


def parse_chinese_number(text: str) -> Decimal:
    """Read a written number. Example: parse_chinese_number("1,500億") == Decimal("150000000000").

    Supported: "1,500", "2.6", full-width digits, "十", "二十", "百", "百萬", "15兆",
    "13.9億", "50萬", and a trailing ratio 成 ("七成" -> 0.7, "7成" -> 0.7). Spaces are
    ignored ("15 兆"). Raises ValueError naming the text for anything else.
    """
    rules = load_quantity_rules()
    body = re.sub(r"\s+", "", text).translate(FULL_WIDTH)
    ratio = Decimal(1)
    for suffix, factor in rules.ratios.items():
        if body.endswith(suffix) and len(body) > len(suffix):
            body, ratio = body[: -len(suffix)], factor
            break
    if not body:
        raise ValueError(f"not a number: {text!r}")
    multipliers = _multiplier_chars(rules)
    arabic = re.fullmatch(f"({ARABIC_NUMBER})([{multipliers}]*)", body)
    if arabic:
        value = Decimal(arabic.group(1).replace(",", ""))
        for ch in arabic.group(2):
            value *= rules.numerals[ch]
        return _canonical(value * ratio)
    if all(ch in rules.numerals for ch in body) and body[0] not in _big_unit_chars(rules):
        try:
            return _canonical(_chinese_value(body, rules) * ratio)
        except (KeyError, InvalidOperation) as error:
            raise ValueError(f"not a supported Chinese number: {text!r}") from error
    raise ValueError(f"not a supported number: {text!r}")


# --------------------------------------------------------------------------- scanning


@dataclass
class _Mention:
    """One scanned mention before it becomes a Quantity or a MoneyAmount."""

    value: Decimal
    unit: UnitRule | None  # None = implicit 元 (Arabic number ending in 億/兆)
    qualifiers: list[str]
    start: int
    end: int
    anchor: int = -1  # where the deadline is looked up from (default: start)
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    baseline_value: Decimal | None = None
    baseline_year: str | None = None

    def __post_init__(self) -> None:
        if self.anchor < 0:
            self.anchor = self.start


def _token_pattern(rules: QuantityRules) -> re.Pattern[str]:
    chinese = "".join(rules.numerals)
    return re.compile(f"(?P<arabic>(?<![\\d.,]){ARABIC_NUMBER}(?!\\d))|(?P<chinese>[{chinese}]+)")


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in INLINE_SPACE:
        pos += 1
    return pos


def _match_unit(text: str, pos: int, rules: QuantityRules, multiplied: bool = False) -> UnitRule | None:
    """The unit written at ``pos``; units such as 度 (kWh) count only after 萬/億 (``multiplied``)."""
    for unit in rules.units:
        if not text.startswith(unit.written, pos) or (unit.needs_multiplier and not multiplied):
            continue
        after = pos + len(unit.written)
        if any(text.startswith(s, after) for s in unit.not_followed_by):
            continue
        if unit.written.isascii() and after < len(text) and text[after].isascii() and text[after].isalpha():
            continue
        return unit
    return None


def _match_after(text: str, pos: int, rules: QuantityRules) -> tuple[str, int] | None:
    for cue in sorted(rules.qualifier_after, key=len, reverse=True):
        if text.startswith(cue, pos):
            return rules.qualifier_after[cue], pos + len(cue)
    return None


@dataclass
class _Number:
    """A number token with its multiplier and the unit after it, if any."""

    value: Decimal
    start: int
    end: int
    has_multiplier: bool
    multiplier: Decimal
    unit: UnitRule | None
    after: list[str]


def _read_number(text: str, match: re.Match[str], rules: QuantityRules) -> _Number | None:
    """Number at match, then [+] [multiplier] unit. None when the token is not a usable number."""
    raw = match.group(0)
    is_arabic = match.group("arabic") is not None
    if is_arabic:
        value = Decimal(raw.replace(",", ""))
    else:
        if raw[0] in _big_unit_chars(rules) or raw in ("一", "〇", "零"):
            return None
        if len(raw) > 1 and not any(rules.numerals[ch] >= 10 for ch in raw):
            return None  # "一二" is not a number
        value = _chinese_value(raw, rules)
    pos = match.end()
    after: list[str] = []
    probe = pos
    found = _match_after(text, _skip_space(text, pos), rules)
    if found:  # "260+場"
        after.append(found[0])
        probe = found[1]
    multiplier = Decimal(1)
    has_multiplier = False
    unit = _match_unit(text, _skip_space(text, probe), rules)
    if unit is None and is_arabic:
        multipliers = _multiplier_chars(rules)
        run = re.match(f"[{multipliers}]+", text[_skip_space(text, probe):])
        if run:
            has_multiplier = True
            for ch in run.group(0):
                multiplier *= rules.numerals[ch]
            probe = _skip_space(text, probe) + run.end()
            unit = _match_unit(text, _skip_space(text, probe), rules, multiplied=True)
    if unit is not None:
        probe = _skip_space(text, probe) + len(unit.written)
        found = _match_after(text, probe, rules)
        if found:  # "150項以上"
            after.append(found[0])
            probe = found[1]
        end = probe
    else:
        end = probe if has_multiplier else match.end()
    return _Number(value, match.start(), end, has_multiplier, multiplier, unit, after)


def _is_excluded_position(text: str, start: int, end: int, rules: QuantityRules) -> bool:
    """Numbers glued to Latin letters, dates/periods with "/", ranks after 第."""
    before = text[start - 1] if start > 0 else ""
    if before.isascii() and before.isalpha():
        return True
    if before in "-_" and start >= 2 and text[start - 2].isascii() and text[start - 2].isalpha():
        return True
    if before == "/" or text.startswith("/", end):
        return True
    head = text[:start].rstrip(INLINE_SPACE)
    return any(head.endswith(prefix) for prefix in rules.ordinal_prefixes)


def _qualifier_chain(text: str, start: int, rules: QuantityRules) -> tuple[list[str], int]:
    """Cues directly before a number, in reading order, and where the chain starts."""
    cues = {**rules.qualifier_clause, **rules.qualifier_before}
    ordered = sorted(cues, key=len, reverse=True)
    found: list[str] = []
    pos = start
    while True:
        probe = pos
        while probe > 0 and text[probe - 1] in INLINE_SPACE:
            probe -= 1
        cue = next((c for c in ordered if text.endswith(c, 0, probe)), None)
        if cue is None:
            return found, pos
        found.insert(0, cues[cue])
        pos = probe - len(cue)


def _boundary_before(text: str, pos: int, boundaries: str) -> int:
    return max(text.rfind(ch, 0, pos) for ch in boundaries) + 1


def _boundary_after(text: str, pos: int, boundaries: str) -> int:
    ends = [i for i in (text.find(ch, pos) for ch in boundaries) if i >= 0]
    return min(ends) if ends else len(text)


def _clause_qualifiers(text: str, chain_start: int, rules: QuantityRules) -> list[str]:
    """累計 earlier in the clause, after the previous number, e.g. 累計導入近190個 -> cumulative."""
    clause_start = _boundary_before(text, chain_start, CLAUSE_BOUNDARIES)
    region = text[clause_start:chain_start]
    previous = list(re.finditer(r"\d", region))
    if previous:
        region = region[previous[-1].end():]
    return [q for cue, q in rules.qualifier_clause.items() if cue in region]


def _scan(text: str) -> list[_Mention]:
    rules = load_quantity_rules()
    mentions: list[_Mention] = []
    consumed = 0
    for match in _token_pattern(rules).finditer(text):
        if match.start() < consumed:
            continue
        first = _read_number(text, match, rules)
        if first is None:
            continue
        numbers = [first]
        if first.unit is None:
            second = _read_range_end(text, first, rules)
            if second is not None:
                numbers.append(second)
        last = numbers[-1]
        if _is_excluded_position(text, first.start, last.end, rules):
            consumed = last.end
            continue
        implicit_money = last.unit is None and last.has_multiplier and last.multiplier >= Decimal("1e8")
        if last.unit is None and not implicit_money:
            continue
        consumed = last.end
        chain, chain_start = _qualifier_chain(text, first.start, rules)
        clause = [q for q in _clause_qualifiers(text, chain_start, rules) if q not in chain]
        base = clause + chain
        ends = ["range_min", "range_max"] if len(numbers) == 2 else [None]
        factor = last.unit.factor if last.unit is not None else Decimal(1)
        values = [
            _canonical(number.value * (number.multiplier if number.has_multiplier else last.multiplier) * factor)
            for number in numbers
        ]
        bounds = (values[0], values[-1]) if len(numbers) == 2 else (None, None)
        for value, end_name in zip(values, ends):
            qualifiers = base + ([end_name] if end_name else []) + last.after
            mentions.append(
                _Mention(
                    value=value,
                    unit=last.unit,
                    qualifiers=qualifiers,
                    start=chain_start,
                    end=last.end,
                    min_value=bounds[0],
                    max_value=bounds[1],
                )
            )
    return _join_baselines(text, mentions, rules)


def _year_text(written: str | None) -> str | None:
    """An AD year as written, or a ROC year (100-130) converted: "2021" -> "2021", "110" -> "2021"."""
    if written is None:
        return None
    number = int(written)
    if len(written) == 4:
        return written
    return str(number + ROC_YEAR_OFFSET) if number in ROC_YEAR_RANGE else None


def _unit_name(mention: _Mention) -> str:
    return mention.unit.unit if mention.unit is not None else "TWD"


@lru_cache(maxsize=8)
def _baseline_patterns(baseline_cues: tuple[str, ...], change_cues: tuple[str, ...]):
    """(cue before the first number, words between the two) of :func:`_join_baselines`."""
    year = r"(?:(?P<year>\d{4}|\d{3})\s*年\s*)?"
    cues = "|".join(map(re.escape, baseline_cues))
    changes = "|".join(map(re.escape, change_cues))
    return re.compile(f"(?:{cues})\\s*{year}$"), re.compile(f"^\\s*[，,]?\\s*(?:{changes})\\s*{year}$")


def _join_baselines(text: str, mentions: list[_Mention], rules: QuantityRules) -> list[_Mention]:
    """「由 2021 年 97.4%，降至 2050 年 50%以下」: the first number is the baseline (value and year)
    of the second, which is the target; the baseline is not reported on its own."""
    if not rules.baseline_cues or not rules.change_cues or not mentions:
        return mentions
    before, between = _baseline_patterns(rules.baseline_cues, rules.change_cues)
    joined: list[_Mention] = []
    skip = False
    for i, first in enumerate(mentions):
        if skip:
            skip = False
            continue
        second = mentions[i + 1] if i + 1 < len(mentions) else None
        head = text[_boundary_before(text, first.start, SENTENCE_BOUNDARIES): first.start]
        cue = before.search(head)
        if (
            second is not None
            and cue is not None
            and _unit_name(first) == _unit_name(second)
            and first.min_value is None
            and second.min_value is None
            and between.match(text[first.end: second.start])
        ):
            second.baseline_value = first.value
            second.baseline_year = _year_text(cue.group("year"))
            second.start = first.start - len(cue.group(0))
            joined.append(second)
            skip = True
            continue
        joined.append(first)
    return joined


def _read_range_end(text: str, first: _Number, rules: QuantityRules) -> _Number | None:
    """The "1,700億美元" of "900至1,700億美元", when it carries a unit."""
    pos = _skip_space(text, first.end)
    separator = next((s for s in rules.range_separators if text.startswith(s, pos)), None)
    if separator is None:
        return None
    token = _token_pattern(rules).match(text, _skip_space(text, pos + len(separator)))
    if token is None:
        return None
    second = _read_number(text, token, rules)
    if second is None or (second.unit is None and not second.has_multiplier):
        return None
    if second.unit is None and second.multiplier < Decimal("1e8"):
        return None
    return second


# --------------------------------------------------------------------------- context


def _deadline(text: str, start: int, rules: QuantityRules) -> str | None:
    """Last AD/ROC year written before start in the same sentence, as "YYYY"."""
    sentence_start = _boundary_before(text, start, SENTENCE_BOUNDARIES)
    deadline = None
    for year in YEAR_MENTION.finditer(text, sentence_start, start):
        number = int(year.group(1))
        if len(year.group(1)) == 4 and 1900 <= number <= 2100:
            ad_year = number
        elif number in ROC_YEAR_RANGE:
            ad_year = number + ROC_YEAR_OFFSET
        else:
            continue
        tail = text[year.end(): year.end() + 4]
        if any(tail.startswith(cue) for cue in rules.year_not_deadline):
            continue
        deadline = str(ad_year)
    return deadline


def _heading_above(text: str, pos: int) -> str:
    """The nearest markdown heading line ("## ...") that ends before pos, or ""."""
    end = text.rfind("\n", 0, pos)
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.lstrip().startswith("#"):
            return line
        end = start - 1
    return ""


def _is_achieved(text: str, start: int, rules: QuantityRules) -> bool:
    """Past cue and no future cue in the sentence before start; else the heading above decides."""
    sentence = text[_boundary_before(text, start, SENTENCE_BOUNDARIES): start]
    if any(cue in sentence for cue in rules.future_cues):
        return False
    if any(cue in sentence for cue in rules.achieved_cues):
        return True
    heading = _heading_above(text, start)
    return any(c in heading for c in rules.achieved_headings) and not any(
        c in heading for c in rules.future_cues
    )


def _money_kind(text: str, start: int, end: int, rules: QuantityRules) -> str:
    if _is_achieved(text, start, rules):
        return "achieved"
    clause_start = _boundary_before(text, start, CLAUSE_BOUNDARIES)
    clause_end = _boundary_after(text, end, CLAUSE_BOUNDARIES)
    best: tuple[int, int, str] | None = None
    for rank, (cue, kind) in enumerate(rules.money_kinds):
        for found in re.finditer(re.escape(cue), text[clause_start:clause_end]):
            cue_start, cue_end = clause_start + found.start(), clause_start + found.end()
            if cue_end <= start:
                distance = start - cue_end
            elif cue_start >= end:
                distance = cue_start - end
            else:
                continue
            if best is None or (distance, rank) < best[:2]:
                best = (distance, rank, kind)
    return best[2] if best else "other"


# --------------------------------------------------------------------------- public API


def extract_quantities(text: str) -> list[Quantity]:
    """Non-money quantities with units. Example: extract_quantities("累計至少20項")[0].qualifier == "cumulative;at_least"."""
    rules = load_quantity_rules()
    return [
        Quantity(
            value=m.value,
            unit=m.unit.unit,
            qualifier=";".join(m.qualifiers) or None,
            text=text[m.start: m.end],
            start=m.start,
            end=m.end,
            deadline=_deadline(text, m.anchor, rules),
            min_value=m.min_value,
            max_value=m.max_value,
            baseline_value=m.baseline_value,
            baseline_year=m.baseline_year,
        )
        for m in _scan(text)
        if m.unit is not None and not m.unit.is_money
    ]


def extract_money(text: str) -> list[MoneyAmount]:
    """Money amounts. Example: extract_money("國發基金匡列100億元")[0].kind == "allocation"."""
    rules = load_quantity_rules()
    return [
        MoneyAmount(
            value=m.value,
            currency=m.unit.unit if m.unit is not None else "TWD",
            kind=_money_kind(text, m.anchor, m.end, rules),
            qualifier=";".join(m.qualifiers) or None,
            text=text[m.start: m.end],
            start=m.start,
            end=m.end,
            deadline=_deadline(text, m.anchor, rules),
            min_value=m.min_value,
            max_value=m.max_value,
            baseline_value=m.baseline_value,
            baseline_year=m.baseline_year,
        )
        for m in _scan(text)
        if m.unit is None or m.unit.is_money
    ]
