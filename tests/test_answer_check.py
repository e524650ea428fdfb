"""Answer extraction rule and math-verify equivalence (evaluators/answer_check.py)."""
import pytest

from latent_suite.evaluators.answer_check import extract_answer, is_correct, last_boxed


@pytest.mark.parametrize("text,expected", [
    ("so \\boxed{42}.", "42"),
    ("\\boxed{1} then \\boxed{2}", "2"),
    ("\\boxed{\\frac{1}{2}}", "\\frac{1}{2}"),
    ("\\boxed{}", None),
    ("no box", None),
])
def test_last_boxed(text, expected):
    assert last_boxed(text) == expected


@pytest.mark.parametrize("response,gold,ok", [
    ("The answer is \\boxed{42}.", "42", True),
    ("so the total is 42 apples", "42", True),
    ("\\boxed{42.0}", "42", True),
    ("\\boxed{\\frac{84}{2}}", "42", True),
    ("\\boxed{1/2}", "0.5", True),
    ("1,200 in all", "1200", True),
    ("\\boxed{41}", "42", False),
    # restating the question must not count (math-verify's own extraction scores this correct)
    ("What is 15 + 8 - 11", "12", False),
    # an empty box falls back to the last number
    ("The answer is \\boxed{}. It is 5.", "5", True),
    ("", "3", False),
    ("I don't know", "3", False),
])
def test_is_correct(response, gold, ok):
    assert is_correct(response, gold) is ok


def test_extract_answer_last_number():
    assert extract_answer("first 3 then -7") == "-7"
    assert extract_answer(None) is None
