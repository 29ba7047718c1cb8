"""Overlaps (pkg:overlapsWith) of the shipped plan: known cases are found, with their signals and shared words.

The top-30 precision comes from the hand-judged sample tests/data/judged_sample.tsv (a reason per row).
"""
from pathlib import Path

import pytest
from rdflib import URIRef

import policykg
from policykg.analysis.judgements import read_judgements
from policykg.analysis.overlaps import OVERLAP_COLUMNS, overlaps, write_overlaps
from policykg.graph.namespaces import PKG, RDF

SAMPLE = Path(__file__).parent / "data" / "judged_sample.tsv"


@pytest.fixture(scope="module")
def plan():
    return policykg.load_plan()


@pytest.fixture(scope="module")
def found(plan):
    return plan.overlaps()


@pytest.fixture(scope="module")
def sample():
    judged = read_judgements(SAMPLE)
    return judged[judged.kind == "overlap"]


def _pair(frame, a, b):
    rows = frame[(frame.identifier_a == a) & (frame.identifier_b == b)]
    assert len(rows) == 1, f"{a} ~ {b} not found"
    return rows.iloc[0]


def test_overlaps_have_the_documented_columns(found):
    assert list(found.columns) == OVERLAP_COLUMNS


def test_the_microwave_control_module_listed_twice_in_table_6_is_the_top_overlap(found):
    row = found.iloc[0]
    assert (row.identifier_a, row.identifier_b) == ("5.3.1", "5.5.3")
    assert row.signals.split(";")[:2] == ["text", "same_name"] and "words" in row.signals.split(";")
    assert (row.name_similarity, row.text_similarity) == (1.0, 1.0)
    assert row.shared_agencies == "產業技術司"
    assert (row.lines_a, row.lines_b) == ("878-879", "907-908")
    assert "have the same name" in row.why


def test_two_ministries_helping_it_service_firms_build_ai_solutions_share_a_purpose_and_words(found):
    row = _pair(found, "2.2.2", "3.1.1")
    assert row.shared_themes == "it-services-ai" and row.cross_pillar
    assert "輔導資服業者發展" in row.shared_words.split(";")
    assert row.why.startswith("2.2.2 ") and "share the purpose AI solutions by IT-service firms" in row.why


def test_post_quantum_measures_of_pillars_1_and_5_overlap_by_theme(found):
    row = _pair(found, "1.6.7", "5.5.2")
    assert row.shared_themes.split(";")[0] == "post-quantum" and "theme" in row.signals


def test_a_broad_field_weighs_less_than_a_shared_purpose(found):
    broad = _pair(found, "1.1.3", "6.3.2")  # hospitals and robot makers: both cybersecurity
    purpose = _pair(found, "5.3.2", "5.5.2")  # both post-quantum cryptography
    assert broad.shared_themes == "cybersecurity" and broad.score < 0.3 < 0.4 < purpose.score


# -- precision on the hand-judged sample ------------------------------------------------------
def test_the_judged_sample_has_at_least_30_overlap_pairs_each_with_a_reason(sample):
    assert len(sample) >= 30 and sample.reason.str.len().min() > 10
    assert set(sample.verdict) == {"accepted", "rejected"}


def test_precision_of_the_top_30_overlaps_is_at_least_80_percent(found, sample):
    verdict = {frozenset(p): v for p, v in zip(zip(sample.source, sample.target), sample.verdict)}
    top = [frozenset(p) for p in zip(found.identifier_a.head(30), found.identifier_b.head(30))]
    assert len(top) == 30 and all(p in verdict for p in top), [sorted(p) for p in top if p not in verdict]
    precision = sum(verdict[p] == "accepted" for p in top) / 30
    assert precision >= 0.8, precision


# -- options -----------------------------------------------------------------------------------
def test_same_strategy_pairs_are_left_out_by_default_and_kept_with_scope_all(plan, found):
    same = found[found.identifier_a.str.rsplit(".", n=1).str[0] == found.identifier_b.str.rsplit(".", n=1).str[0]]
    assert same.empty
    everything = overlaps(plan, scope="all")
    assert len(everything) > len(found)


def test_a_higher_min_score_keeps_a_subset(plan, found):
    strict = overlaps(plan, min_score=0.4)
    assert 0 < len(strict) < len(found) and strict.score.min() >= 0.4
    pairs = lambda frame: set(zip(frame.identifier_a, frame.identifier_b, frame.score))  # noqa: E731
    assert pairs(strict) < pairs(found)  # the very same pairs, with the same scores
    assert pairs(strict) == pairs(found[found.score >= 0.4])


def test_the_text_method_is_swappable_with_a_callable(plan):
    from policykg.analysis.frames import tfidf_char_ngrams

    calls = []

    def method(texts):
        calls.append(len(texts))
        return tfidf_char_ngrams(texts)

    assert len(overlaps(plan, method=method)) == len(plan.overlaps())
    assert calls == [143, 143]


def test_rejected_pairs_are_dropped_and_shown_with_show_rejected(plan, found, tmp_path):
    path = tmp_path / "judgements.tsv"
    path.write_text("kind\tsource\ttarget\tverdict\treason\n"
                    "overlap\t5.5.3\t5.3.1\taccepted\tthe same row twice\n"
                    "overlap\t2.2.2\t3.1.1\trejected\tdifferent ministries' budgets\n", encoding="utf-8")
    kept = overlaps(plan, judgements=path)
    assert len(kept) == len(found) - 1 and ("2.2.2", "3.1.1") not in set(zip(kept.identifier_a, kept.identifier_b))
    assert kept.iloc[0].judgement == "accepted"
    shown = overlaps(plan, judgements=path, show_rejected=True)
    assert _pair(shown, "2.2.2", "3.1.1").judgement == "rejected"


def test_overlaps_are_written_both_ways_with_a_reified_node():
    plan = policykg.load_plan()
    frame = plan.overlaps()
    write_overlaps(plan, frame)
    a = URIRef(frame.iloc[0].iri_a)
    b = URIRef(frame.iloc[0].iri_b)
    assert (a, PKG.overlapsWith, b) in plan.graph and (b, PKG.overlapsWith, a) in plan.graph
    nodes = set(plan.graph.subjects(PKG.edgeSource, a)) & set(plan.graph.subjects(PKG.edgeTarget, b))
    (node,) = nodes
    assert {str(s) for s in plan.graph.objects(node, PKG.signal)} == set(frame.iloc[0].signals.split(";"))
    assert "低溫微波控制模組技術" in str(plan.graph.value(node, PKG.matchedWords))
    assert str(plan.graph.value(node, PKG.why)).startswith("5.3.1 ")
    assert len(set(plan.graph.subjects(None, PKG.Overlap))) == len(frame)


# -- identical measures (plan copies) -------------------------------------------------------------
GRID_PLAN = Path(__file__).parent / "fixtures" / "grid_digitalisation_plan.md"


@pytest.fixture(scope="module")
def three_copies(tmp_path_factory):
    import shutil

    from policykg.corpus import Corpus

    folder = tmp_path_factory.mktemp("copies")
    paths = []
    for name in ("copy-a.md", "copy-b.md", "copy-c.md"):
        shutil.copy(policykg.default_plan_path(), folder / name)
        paths.append(folder / name)
    return Corpus(paths)


def test_plan_copies_give_each_plan_its_own_overlaps_and_identical_measures_once_per_copy(three_copies):
    found = three_copies.overlaps()
    single = overlaps(policykg.load_plan())
    within = found[~found.cross_plan]
    assert within.groupby("plan_a").size().to_dict() == {"copy-a": 35, "copy-b": 35, "copy-c": 35}
    assert sorted(zip(within[within.plan_a == "copy-b"].identifier_a, within[within.plan_a == "copy-b"].identifier_b,
                      within[within.plan_a == "copy-b"].score)) == sorted(zip(single.identifier_a, single.identifier_b,
                                                                               single.score))
    cross = found[found.cross_plan]
    assert set(cross.signals) == {"identical"}  # a copy's overlaps are not repeated across plans
    assert len(cross) == 2 * 143 and (cross.plan_a == "copy-a").all()
    assert (cross.identifier_a == cross.identifier_b).all()
    row = cross[cross.identifier_b == "7.3.4"].iloc[0]
    assert row.why.startswith("7.3.4 ") and "is identical to 7.3.4 of plan copy-a" in row.why


def test_identical_measures_are_written_as_identical_to_not_as_overlaps(three_copies):
    from rdflib import Graph

    graph = write_overlaps(three_copies, three_copies.overlaps(), graph=Graph())
    base = "https://w3id.org/policykg/id/{}/pillar/7/strategy/3/measure/4"
    a, c = URIRef(base.format("copy-a")), URIRef(base.format("copy-c"))
    assert (a, PKG.identicalTo, c) in graph and (c, PKG.identicalTo, a) in graph
    assert (a, PKG.overlapsWith, c) not in graph
    assert len(set(graph.subjects(RDF.type, PKG.Overlap))) == 3 * 35


def test_plan_copies_do_not_multiply_the_dependencies(three_copies):
    found = three_copies.dependencies()
    assert not found.cross_plan.any()
    assert found.groupby("plan").size().to_dict() == {"copy-a": 10, "copy-b": 10, "copy-c": 10}


def test_a_copy_keeps_the_real_cross_plan_overlaps_with_another_plan(tmp_path):
    import shutil

    from policykg.corpus import Corpus

    shutil.copy(policykg.default_plan_path(), tmp_path / "copy-a.md")

    def cross(paths):
        found = Corpus(paths).overlaps(min_score=0.12)
        found = found[found.cross_plan & (found.signals != "identical")]
        return {plan: sorted(zip(rows.identifier_a, rows.identifier_b, rows.score))
                for plan, rows in found.groupby("plan_a")}

    alone = cross([policykg.default_plan_path(), GRID_PLAN])
    with_copy = cross([policykg.default_plan_path(), tmp_path / "copy-a.md", GRID_PLAN])
    ai = "ai-new-ten-major-constructions-2026-01"
    assert alone[ai] and ("7.1.2", "1.1.1", 0.132) in alone[ai]
    assert with_copy == {ai: alone[ai]}  # once, with the first plan's measure; the copy is identicalTo it
    found = Corpus([policykg.default_plan_path(), tmp_path / "copy-a.md", GRID_PLAN]).overlaps(min_score=0.12)
    row = found[(found.identifier_a == "7.1.2") & (found.plan_b == "grid-digitalisation-plan")].iloc[0]
    assert row.why.endswith("The same pair stands for 2 pairs of identical copies in other plans.")


def _shared_words_by_scan(a: str, b: str, rare: set[str], limit: int = 6) -> list[str]:
    """The first shared_words: mark every position of ``a`` whose trigram ``b`` holds, cut the runs."""
    grams = {b[i:i + 3] for i in range(len(b) - 2)}
    marked = [a[i:i + 3] in grams for i in range(len(a) - 2)]
    runs, i = [], 0
    while i < len(marked):
        if not marked[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(marked) and marked[j + 1]:
            j += 1
        word = a[i:j + 3].strip("，。、；：「」()（）")
        if {word[k:k + 3] for k in range(len(word) - 2)} & rare:
            runs.append(word)
        i = j + 1
    return sorted(dict.fromkeys(runs), key=lambda w: (-len(w), w))[:limit]


def test_shared_words_grown_from_rare_trigrams_equal_a_full_scan():
    import random

    from policykg.analysis.overlaps import _trigrams, shared_words

    rng = random.Random(11)
    alphabet = "量測實驗，「"
    checked = 0
    for _ in range(3000):
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        b = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        grams = sorted(_trigrams(a) | _trigrams(b))
        rare = set(rng.sample(grams, min(len(grams), rng.randint(0, 12))))
        expected = _shared_words_by_scan(a, b, rare)
        assert shared_words(a, b, rare) == expected, (a, b, rare)
        assert shared_words(a, b, rare, grams_b=_trigrams(b), common=_trigrams(a) & _trigrams(b) & rare) == expected
        checked += bool(expected)
    assert checked > 250  # the random texts do share words
