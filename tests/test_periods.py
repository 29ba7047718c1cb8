"""ROC periods to AD, open ends, separators and textual states."""
import pytest

from policykg.loaders.periods import (
    is_complete_period_cell,
    looks_like_period_start,
    month_after,
    parse_period_cell,
    roc_to_ad,
)


def spans(cell):
    return [(p.start, p.end, p.status) for p in parse_period_cell(cell)]


def test_roc_period_114_01_to_117_12_is_2025_01_to_2028_12():
    assert spans("114/01-117/12") == [("2025-01", "2028-12", "scheduled")]


def test_roc_year_plus_1911_is_ad():
    assert roc_to_ad(115) == 2026


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("114-", [("2025", None, "open_ended")]),
        ("115/07-", [("2026-07", None, "open_ended")]),
        ("115/01~117/12", [("2026-01", "2028-12", "scheduled")]),
        ("114/07- 118/12", [("2025-07", "2029-12", "scheduled")]),
        ("115/1-117/12", [("2026-01", "2028-12", "scheduled")]),
        ("114/01-114/12 115/01-117/12", [("2025-01", "2025-12", "scheduled"), ("2026-01", "2028-12", "scheduled")]),
        ("2025/01-2028/12", [("2025-01", "2028-12", "scheduled")]),
    ],
)
def test_period_forms(cell, expected):
    assert spans(cell) == expected


def test_textual_states_are_kept_as_data():
    assert spans("目前無計畫") == [(None, None, "not_yet_funded")]
    assert spans("目前無計畫，如核定經費，依計畫期程執行至117/12") == [(None, "2028-12", "not_yet_funded")]
    assert spans("116/01-119/12 (規劃中)") == [("2027-01", "2030-12", "planning")]
    pending = parse_period_cell("115/01-118/12 (尚在申請115年公建計畫)")[0]
    assert (pending.status, pending.note, pending.raw) == (
        "pending_approval", "尚在申請115年公建計畫", "115/01-118/12 (尚在申請115年公建計畫)",
    )
    assert spans("—") == [(None, None, "unspecified")]


def test_cut_period_cells_are_recognised():
    assert not is_complete_period_cell("目前無計畫，如")
    assert is_complete_period_cell("115/01-117/12")
    assert not looks_like_period_start("核定經費，依計畫期程執行至117/12")
    assert looks_like_period_start("目前無計畫")


def test_month_after_wraps_the_year():
    assert month_after("2025-12") == "2026-01"
