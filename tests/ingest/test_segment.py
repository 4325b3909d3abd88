"""Segmenting: sentences and clauses with spans that slice the normalised text."""

from __future__ import annotations

from ingest.segment import clauses, heading_level, is_boilerplate, split_sentences

TEXT = "2024年，全市签约率达66%；重点人群签约率达90%！\n  第二段落。Copyright © 2024 版权所有"


def test_it_splits_on_sentence_punctuation_and_line_breaks():
    assert [s.text for s in split_sentences(TEXT)] == [
        "2024年，全市签约率达66%；",
        "重点人群签约率达90%！",
        "第二段落。",
        "Copyright © 2024 版权所有",
    ]


def test_sentence_spans_slice_the_text_exactly():
    for sentence in split_sentences(TEXT):
        assert TEXT[sentence.start : sentence.end] == sentence.text


def test_it_numbers_paragraphs():
    assert [s.paragraph for s in split_sentences(TEXT)] == [0, 0, 1, 1]


def test_it_splits_clauses_on_commas_but_keeps_enumerations_together():
    sentence = split_sentences("2024年,县域内住院量占比、基层诊疗量占比提升至67.59%、59.9%。")[0]
    parts = [
        sentence.text[c.start - sentence.start : c.end - sentence.start] for c in clauses(sentence)
    ]
    assert parts == ["2024年", "县域内住院量占比、基层诊疗量占比提升至67.59%、59.9%。"]


def test_it_flags_page_furniture_as_boilerplate():
    flags = [s.boilerplate for s in split_sentences(TEXT)]
    assert flags == [False, False, False, True]


def test_it_flags_headlines_listed_under_a_related_reading_heading_as_boilerplate():
    text = (
        "全市签约率达70%。\n\n相关阅读:\n郴州市新增普惠托位1200个\n资兴市人均预期寿命达到80.1岁\n"
    )
    flags = [(s.text, s.boilerplate) for s in split_sentences(text)]
    assert flags == [
        ("全市签约率达70%。", False),
        ("相关阅读:", True),
        ("郴州市新增普惠托位1200个", True),
        ("资兴市人均预期寿命达到80.1岁", True),
    ]


def test_a_paragraph_after_a_related_reading_list_is_prose_again():
    text = "相关阅读:\n某地新闻\n全县签约率达到70%,重点人群签约率达到85%,各项工作稳步推进。"
    assert [s.boilerplate for s in split_sentences(text)] == [True, True, False]


def test_it_tells_section_headings_from_prose():
    text = (
        "一、2023年工作回顾\n(二)家庭医生签约\n1.托育服务\n深化医改\n"
        "县域就诊率:90.8%\n全县签约率达到70%。"
    )
    levels = [heading_level(text, s) for s in split_sentences(text)]
    assert levels == [1, 2, 3, 2, None, None]


def test_an_indented_numbered_line_is_still_a_section_heading():
    text = "总结如下:\n\n  一、2024年主要工作成效\n\n  1.签约服务提质扩面。"
    levels = [heading_level(text, s) for s in split_sentences(text)]
    assert levels[1] == 1


def test_copyright_and_licence_lines_are_furniture_in_any_case():
    text = "全县托位1200个。\nCOPYRIGHT 2024 县融媒体中心\n备案：豫icp备12345号\n本站版权说明"
    flags = [(s.text, s.boilerplate) for s in split_sentences(text)]
    assert flags == [
        ("全县托位1200个。", False),
        ("COPYRIGHT 2024 县融媒体中心", True),
        ("备案：豫icp备12345号", True),
        ("本站版权说明", False),
    ]


def test_a_copyright_line_in_capitals_is_page_furniture():
    assert is_boilerplate("COPYRIGHT 2024 某某网 ALL RIGHTS RESERVED")


def test_an_icp_registration_number_in_any_case_is_page_furniture():
    assert is_boilerplate("闽Icp备12345678号")


def test_a_sentence_with_latin_letters_but_no_furniture_is_kept():
    assert not is_boilerplate("全市建成CT室和DR室各12个")
