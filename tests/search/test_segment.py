"""Chinese is cut into words the same way for documents and queries (search/segment.py)."""

from search.segment import as_indexed, document_words, normalise, query_words


def test_a_document_also_yields_the_shorter_words_inside_its_long_ones():
    words = document_words("关于推进人工智能产业发展的实施意见")
    assert {"人工", "智能", "人工智能", "产业", "发展", "实施", "意见"} <= set(words)


def test_a_query_keeps_its_words_whole_and_each_is_found_in_the_document():
    document = set(document_words("关于推进人工智能产业发展的实施意见"))
    assert query_words("人工智能 产业") == ["人工智能", "产业"]
    for query in ("人工智能", "智能产业", "推进发展"):
        assert set(query_words(query)) <= document, query


def test_full_width_and_case_compare_equal_and_punctuation_is_dropped():
    assert normalise("ＡＢＣ１２３") == "abc123"
    assert query_words("ＩＰｖ６，改造！") == query_words("ipv6 改造")
    indexed = as_indexed("政务公开，便民服务。")
    assert "，" not in indexed and "。" not in indexed and " " in indexed


def test_a_document_number_is_found_by_its_parts():
    words = set(document_words("渭政发〔2026〕12号"))
    assert {"2026", "12"} <= words
    assert set(query_words("2026 12号")) - {"号"} <= words


def test_empty_text_has_no_words():
    assert document_words("") == [] and query_words("  ，。 ") == [] and as_indexed(None) == ""
