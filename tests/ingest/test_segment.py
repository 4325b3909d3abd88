"""Segmenting: sentences and clauses with spans that slice the normalised text."""

from __future__ import annotations

from ingest.segment import clauses, split_sentences

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
