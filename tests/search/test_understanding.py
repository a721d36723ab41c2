"""A citizen's query into terms (search/understanding.py): written forms folded, fillers
dropped, document numbers recognised in any spelling, synonyms expanded."""

import pytest

from search.understanding import fold, number_tokens, understand

SYNONYMS = {
    "医保": ("医保", "医疗保障"),
    "医疗保障": ("医保", "医疗保障"),
    "公积金": ("公积金", "住房公积金"),
    "住房公积金": ("公积金", "住房公积金"),
}


def groups(text, synonyms=None):
    return [list(group) for group in understand(text, synonyms).groups]


def test_written_forms_fold_to_what_documents_are_written_in():
    assert fold("醫療保障 ＡＢＣ１２３") == "医疗保障 abc123"
    assert fold("医 保  缴 费") == "医保缴费"
    assert fold("社保 2026") == "社保 2026"  # a space before a digit stays


def test_question_fillers_are_dropped():
    assert groups("请问医保在哪里报销呢") == [[("医保",)], [("报销",)]]
    assert groups("怎么 如何 吗") == []


@pytest.mark.parametrize(
    "text",
    [
        "渭政发〔2026〕12号",
        "渭政发[2026]12号",
        "渭政发（2026）12号",
        "渭政发【2026】12号",
        "渭政发2026年第12号",
        "渭政發〔2026〕12號",
    ],
)
def test_a_document_number_is_one_token_however_it_is_bracketed(text):
    [group] = groups(text)
    assert ("渭政发2026n12",) in group


def test_a_cited_number_is_indexed_under_every_ending_of_its_code():
    tokens = number_tokens("根据渭政发〔2026〕12号和渭川区人民政府令第3号执行")
    assert "渭政发2026n12" in tokens and "政发2026n12" not in tokens  # three Hanzi at least
    assert "渭川区人民政府令d3" in tokens
    assert number_tokens("2026年第5号台风") == []  # no office's code before it
    assert number_tokens("没有编号的正文") == []


def test_synonyms_stand_for_each_other_and_match_adjacent_words():
    assert groups("医保缴费", SYNONYMS) == [[("医保",), ("医疗保障",)], [("缴费",)]]
    assert groups("住房 公积金 提取", SYNONYMS)[0] == [("公积金",), ("住房", "公积金")]


def test_very_long_queries_are_cut():
    assert len(understand("教育 " * 50 + " ".join(f"词{n}" for n in range(40))).groups) == 12
