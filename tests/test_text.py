"""Clean-up of PDF-converted text."""
from policykg.loaders.text import clean_text, join_fragments, split_numbered_items


def test_wrap_space_between_chinese_characters_is_removed_but_not_next_to_latin():
    assert clean_text("數發部 數產署") == "數發部數產署"
    assert clean_text("<b>8. AI 智慧城市</b>") == "8. AI 智慧城市"


def test_fragments_cut_at_a_page_break_are_joined():
    assert join_fragments("衛福部醫事", "司") == "衛福部醫事司"
    assert join_fragments("AI", "agent") == "AI agent"


def test_inline_numbered_list_splits_only_on_running_numbers():
    items = split_numbered_items("1. 甲 2. 乙 智慧國家2.0新綱領 3. 丙")
    assert [(i.number, i.text) for i in items] == [(1, "甲"), (2, "乙 智慧國家2.0新綱領"), (3, "丙")]


def test_html_list_items_stay_separated():
    assert clean_text("<ol> <li>研擬授權條款</li> <li>研訂獎勵機制</li> </ol>") == "研擬授權條款 研訂獎勵機制"
