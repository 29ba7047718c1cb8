"""Seeded parser fuzz (issue 10): 200 mutations of the shipped markdown plan.

Mutations: deleted, duplicated, swapped and truncated lines, removed or added tabs, CRLF line
ends, NUL bytes, random CJK garbage and 200,000-character lines. Every mutation must either
parse or stop with a PlanParseError (no other exception: 0 crashes) within a time budget
(0 hangs). The number that parse is printed (``pytest -s``) and kept as a test property; it
grows as the readers become more tolerant. A sample of the mutations that parse is also built
into a graph, which must not crash either.
"""
from __future__ import annotations

import random
import signal
import time
from contextlib import contextmanager

import pytest

from policykg.errors import PlanParseError
from policykg.loaders.plan_document import default_plan_path, parse_plan_document

SEED = 20261201
CASES = 200
BUDGET_SECONDS = 60  # per case; a parse of the shipped plan takes about 0.3 s
CJK = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 2000)) + "，。、「」（）：；｜"


def _garbage(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(CJK) for _ in range(n))


def _mutate(lines: list[str], rng: random.Random) -> tuple[str, str]:
    """One mutation of the plan's lines → (kind, text)."""
    lines = list(lines)
    kind = rng.choice(["delete", "duplicate", "swap", "truncate", "untab", "tab", "crlf", "nul", "cjk", "long"])
    count = rng.randint(1, 8)
    for _ in range(count):
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "truncate":
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
        elif kind == "untab":
            lines[i] = lines[i].replace("\t", "", 1).replace("|", "", 1)
        elif kind == "tab":
            cut = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:cut] + rng.choice(["\t", "|", "\t|\t"]) + lines[i][cut:]
        elif kind == "nul":
            cut = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:cut] + "\x00" * rng.randint(1, 3) + lines[i][cut:]
        elif kind == "cjk":
            lines.insert(i, _garbage(rng, rng.randint(1, 80)))
        elif kind == "long":
            lines[i] = lines[i] + _garbage(rng, 200_000)
            break
    newline = "\r\n" if kind == "crlf" or rng.random() < 0.05 else "\n"
    return kind, newline.join(lines) + newline


@contextmanager
def _time_budget(seconds: int):
    def expire(signum, frame):
        raise TimeoutError(f"parse took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.slow
def test_200_seeded_mutations_of_the_shipped_plan_parse_or_stop_with_a_plan_parse_error(tmp_path, record_property):
    from policykg.plan import load_plan

    lines = default_plan_path().read_text(encoding="utf-8").splitlines()
    rng = random.Random(SEED)
    parsed, stopped, crashes, hangs, built = [], [], [], [], 0
    slowest = 0.0
    for case in range(CASES):
        kind, text = _mutate(lines, rng)
        path = tmp_path / f"mutation-{case:03d}.md"
        path.write_bytes(text.encode("utf-8"))
        started = time.perf_counter()
        try:
            with _time_budget(BUDGET_SECONDS):
                parse_plan_document(path)
            parsed.append((case, kind))
        except PlanParseError as error:
            assert str(error).startswith(str(path)), error  # names the file (and the line)
            assert "\n" not in str(error)
            stopped.append((case, kind))
        except TimeoutError:
            hangs.append((case, kind))
        except Exception as error:  # noqa: BLE001 - a crash is what this test looks for
            crashes.append((case, kind, f"{type(error).__name__}: {error}"[:300]))
        slowest = max(slowest, time.perf_counter() - started)
        if parsed and parsed[-1][0] == case and len(parsed) % 10 == 1:
            try:
                load_plan(path)
                built += 1
            except PlanParseError:
                pass
            except Exception as error:  # noqa: BLE001
                crashes.append((case, kind, f"graph: {type(error).__name__}: {error}"[:300]))
        path.unlink()
    summary = (f"fuzz seed {SEED}: {len(parsed)} of {CASES} mutations parse, {len(stopped)} stop with "
               f"PlanParseError, {len(crashes)} crashes, {len(hangs)} hangs; {built} graphs built from a "
               f"sample; slowest case {slowest:.1f} s")
    print(summary)
    record_property("fuzz", summary)
    assert crashes == []
    assert hangs == []
    assert len(parsed) + len(stopped) == CASES
