"""Self-description scoring rules (evaluators/selfreport.py) on hand-built inputs."""
import math

import pytest

from latent_suite.evaluators.selfreport import (
    choose_scale,
    normalised_choice,
    p_target,
    parse_choice_letter,
    parse_rating,
    parse_word_choice,
    single_token_numbers,
    weighted_scale_mean,
)


class DigitTokenizer:
    """Fake tokenizer: one id per character except that ``merged`` strings are single tokens.

    ``encode(" 42")`` -> [id(" "), id("4"), id("2")] unless " 42" or "42" is in ``merged``.
    """

    def __init__(self, merged=()):
        self.merged = sorted(merged, key=len, reverse=True)
        self.vocab: dict[str, int] = {}

    def _id(self, piece: str) -> int:
        return self.vocab.setdefault(piece, len(self.vocab))

    def encode(self, text: str, add_special_tokens: bool = False) -> list[int]:
        assert add_special_tokens is False
        ids, i = [], 0
        while i < len(text):
            for m in self.merged:
                if text.startswith(m, i):
                    ids.append(self._id(m))
                    i += len(m)
                    break
            else:
                ids.append(self._id(text[i]))
                i += 1
        return ids


def test_weighted_mean_hand_distribution():
    # probabilities 0.5 on 2 and 0.5 on 8 of a 0-9 scale -> mean 5 -> 5/9
    lps = {n: -math.inf for n in range(10)}
    lps[2] = lps[8] = math.log(0.5)
    assert weighted_scale_mean(lps, 9) == pytest.approx(5 / 9)


def test_weighted_mean_softmax_renormalises_unnormalised_logprobs():
    # logprobs -1, -1 + ln 3 on 0 and 100 -> probabilities 1/4, 3/4 -> 75/100
    assert weighted_scale_mean({0: -1.0, 100: -1.0 + math.log(3)}, 100) == pytest.approx(0.75)
    # large negative logprobs must not underflow to NaN
    assert weighted_scale_mean({3: -2000.0, 6: -2000.0}, 9) == pytest.approx(4.5 / 9)


def test_weighted_mean_edge_cases():
    assert math.isnan(weighted_scale_mean({1: -math.inf, 2: -math.inf}, 9))
    with pytest.raises(ValueError):
        weighted_scale_mean({10: 0.0}, 9)
    with pytest.raises(ValueError):
        weighted_scale_mean({}, 9)


def test_p_target_normalises_two_options():
    # p_A = 0.3, p_B = 0.1 -> P(A) = 0.75, P(B) = 0.25
    ll_a, ll_b = math.log(0.3), math.log(0.1)
    assert p_target(ll_a, ll_b, "A") == pytest.approx(0.75)
    assert p_target(ll_a, ll_b, "B") == pytest.approx(0.25)
    assert p_target(-1000.0, -1001.0, "A") == pytest.approx(1 / (1 + math.exp(-1)))
    assert p_target(-math.inf, -math.inf, "A") == 0.5
    assert normalised_choice(0.0, -math.inf) == 1.0
    with pytest.raises(ValueError):
        p_target(0.0, 0.0, "C")


def test_single_token_check_and_scale_choice():
    # SmolLM2-like: digits are single tokens, the space is its own token, "42" is two tokens -> 0-9
    smol = DigitTokenizer()
    assert single_token_numbers(smol, range(10), leading_space=False)
    assert not single_token_numbers(smol, range(10), leading_space=True)
    assert not single_token_numbers(smol, [42], leading_space=False)
    assert choose_scale(smol) == (9, False)
    # Llama-3-like: every 0..100 is one token, the space separate -> 0-100
    llama = DigitTokenizer(merged=[str(n) for n in range(101)])
    assert choose_scale(llama) == (100, False)
    # GPT-2-like merged space " N" single tokens for 0..100 -> 0-100 with the merged form
    gpt2 = DigitTokenizer(merged=[f" {n}" for n in range(101)])
    assert choose_scale(gpt2) == (100, True)
    # all of 0..100 single except "42" -> the 0-9 scale
    almost = DigitTokenizer(merged=[str(n) for n in range(101) if n != 42])
    assert almost.encode("42") == almost.encode("4") + almost.encode("2")
    assert choose_scale(almost) == (9, False)
    # the space merges with some digits only: " 7" is neither one token nor space + "7" -> no exact scale
    odd = DigitTokenizer(merged=[" 7"])
    assert not single_token_numbers(odd, range(10), leading_space=False)
    assert choose_scale(odd) is None


def test_parse_rating():
    assert parse_rating("7", 9) == pytest.approx(7 / 9)
    assert parse_rating(" I would say 3 out of 9.", 9) == pytest.approx(3 / 9)
    assert parse_rating("85", 100) == pytest.approx(0.85)
    assert parse_rating("12", 9) is None
    assert parse_rating("seven", 9) is None
    assert parse_rating("0", 9) == 0.0
    assert parse_rating("2.5", 9) == pytest.approx(2 / 9)  # first integer


def test_parse_choice_letter():
    assert parse_choice_letter(" B") == "B"
    assert parse_choice_letter("(A) the gamble") == "A"
    assert parse_choice_letter("A.") == "A"
    assert parse_choice_letter("I choose B.") == "B"
    assert parse_choice_letter("The answer is A") == "A"
    assert parse_choice_letter("A risky bet is fun") is None
    assert parse_choice_letter("pick a side") is None
    assert parse_choice_letter("") is None


def test_parse_word_choice():
    assert parse_word_choice("Bold.", "bold", "cautious") == 1.0
    assert parse_word_choice("cautious, not bold", "bold", "cautious") == 0.0
    assert parse_word_choice("I am impatient", "patient", "impatient") == 0.0
    assert parse_word_choice("I am far-sighted", "short-sighted", "far-sighted") == 0.0
    assert parse_word_choice("neither", "bold", "cautious") is None
