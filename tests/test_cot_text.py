"""Text rules of the CoT family: stated answer, reasoning span, sentence split, rule-based paraphrase, prompts."""
import re

import pytest

from latent_suite.tasks.cot.cot_text import split_cot, stated_answer
from latent_suite.tasks.cot.paraphrase import SWAPS, paraphrase
from latent_suite.tasks.cot.prompts import ANSWER_CUE, build_prompt


@pytest.mark.parametrize("text, expected", [
    (" 6 + 3 = 9. 9 is option (C).\nSo the answer is (C).", "C"),
    (" The answer is (B). Then later: therefore, the answer is (d)", "D"),  # the last statement wins
    ("The answer is: A", "A"),
    ("I pick (B) over (C) here", "C"),          # no statement: last parenthesised letter
    ("the answer is Dara", None),               # a name starting with D is not a letter
    ("", None),
])
def test_stated_answer(text, expected):
    assert stated_answer(text) == expected


def test_reasoning_first_split():
    gen = " Mia has 6 pears. She buys 3 more, so 6 + 3 = 9.\n9 is option (C).\nSo the answer is (C). Extra."
    parts = split_cot(gen)
    assert parts.lead == " "
    assert parts.sentences == ["Mia has 6 pears.", "She buys 3 more, so 6 + 3 = 9.", "9 is option (C)."]
    assert parts.n_sentences == 3
    assert parts.truncated(0) == ""
    assert parts.truncated(2) == " Mia has 6 pears. She buys 3 more, so 6 + 3 = 9."
    assert parts.truncated(3) == " Mia has 6 pears. She buys 3 more, so 6 + 3 = 9.\n9 is option (C)."
    with pytest.raises(ValueError):
        parts.truncated(4)


def test_answer_first_lead_is_kept_and_not_counted():
    gen = " The answer is (B). Ben is 23. Ben is the oldest! So the answer is (B)."
    parts = split_cot(gen)
    assert parts.lead == " The answer is (B). "
    assert parts.sentences == ["Ben is 23.", "Ben is the oldest!"]
    assert parts.truncated(0) == " The answer is (B)."
    assert parts.truncated(1) == " The answer is (B). Ben is 23."
    # the shipped answer-first format: the whole opening sentence is the lead (prompts.py)
    parts = split_cot(" The answer is (C), and here is why. Mia starts with 6 pears. So 6 + 3 = 9 pears.")
    assert parts.lead == " The answer is (C), and here is why. "
    assert parts.sentences == ["Mia starts with 6 pears.", "So 6 + 3 = 9 pears."]
    assert parts.truncated(0) == " The answer is (C), and here is why."


def test_decimals_do_not_split_and_symbol_only_pieces_join_the_next():
    parts = split_cot(" It costs 2.5 dollars. ...\n- \nSo 5.0 total")
    assert parts.sentences == ["It costs 2.5 dollars.", "...\n- \nSo 5.0 total"]


def test_empty_and_answer_only_generations_have_no_sentence():
    assert split_cot("").n_sentences == 0
    assert split_cot("\n").n_sentences == 0
    assert split_cot(" The answer is (C).").n_sentences == 0
    assert split_cot(" The answer is (C). The answer is (D).").n_sentences == 0


def test_paraphrase_rules_keep_numbers_order_and_sentences():
    text = "First we need to find the total. Tom has 12 cards and gets 3.5 more, so 12 + 3.5 = 15.5.\nThen option (B)."
    out = paraphrase(text)
    assert out == ("First we have to work out the sum. Tom owns 12 cards and receives 3.5 more, therefore "
                   "12 + 3.5 = 15.5.\nNext choice (B).")
    assert re.findall(r"\d+(?:\.\d+)?", out) == re.findall(r"\d+(?:\.\d+)?", text)
    assert split_cot(" " + out).n_sentences == split_cot(" " + text).n_sentences
    assert paraphrase("so therefore") == "therefore so"  # one pass: no cascade back
    assert paraphrase("Nothing to swap here.") == "Nothing to swap here."


def test_swaps_cannot_break_sentences_or_numbers():
    for key, value in SWAPS.items():
        assert not re.search(r"[.!?\n0-9]", key + value), key


def test_prompts_share_the_item_and_the_cue():
    q, choices = "What is 2 + 2?", ["3", "4", "5", "6"]
    prompts = {s: build_prompt(s, q, choices) for s in ("reasoning_first", "answer_first", "no_cot")}
    for p in prompts.values():
        assert p.endswith("Question: What is 2 + 2?\n(A) 3\n(B) 4\n(C) 5\n(D) 6\nAnswer:")
    assert "finish with \"So the answer is (X)\"" in prompts["reasoning_first"]
    assert "first \"The answer is (X), and here is why.\"" in prompts["answer_first"]
    assert ANSWER_CUE == "\nSo the answer is ("
