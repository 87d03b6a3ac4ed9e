from kg.text import fold, normalize_name, split_sentences


def test_fold_keeps_length_and_offsets():
    original = "福建省工業和信息化廳發佈《廈門市數字經濟行動方案（2024－2026年）》，ＡＩ與５Ｇ"
    folded = fold(original)
    assert len(folded) == len(original)
    assert "福建省工业和信息化厅" in folded
    assert "(2024-2026年)" in folded
    assert "AI" in folded and "5G" in folded
    i = folded.index("厦门市")
    assert original[i:i + 3] == "廈門市"


def test_normalize_name_drops_quotes_and_spaces():
    assert normalize_name("数字经济“一号工程”") == "数字经济一号工程"
    assert normalize_name("《浙江省数字经济促进条例》") == "浙江省数字经济促进条例"
    assert normalize_name(" 集成電路 ") == "集成电路"


def test_sentences_cover_text_with_offsets():
    text = "浙江省召开会议。会议提出：打造数字经济高地！\n## 标题\n最后一句"
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["浙江省召开会议。", "会议提出：打造数字经济高地！", "## 标题", "最后一句"]
    for s in sents:
        assert text[s.start:s.end] == s.text
