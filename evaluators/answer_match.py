"""Short-answer matching for closed-book factual QA (knowledge retention, DESIGN.md §4.4).

Normalisation (``normalize_answer``) follows the SQuAD v1.1 evaluation script (Rajpurkar et al. 2016,
"SQuAD: 100,000+ Questions for Machine Comprehension of Text", arXiv 1606.05250, ``normalize_answer``):
lowercase, remove punctuation, remove the articles *a, an, the*, collapse whitespace. Three documented
additions, applied identically to responses and aliases so they can only make equal things equal:

  1. accents are folded (Unicode NFKD, combining marks dropped): "Dalí" == "Dali";
  2. hyphens, dashes and slashes separate words instead of vanishing ("Berners-Lee" -> "berners lee",
     "twenty-one" -> "twenty one"); all other punctuation is deleted as in SQuAD ("J.K." -> "jk",
     "300,000" -> "300000", "Halley's" -> "halleys");
  3. the number words zero..twenty become digits ("eight" -> "8"), so "eight legs" matches alias "8".

Matching rules:
  * ``exact_alias_match``: the whole normalised response equals a normalised alias (SQuAD's exact match).
  * ``alias_match`` (generative scoring): a normalised alias occurs as a whole-word span in the normalised
    *first sentence of the first non-empty line* of the response. Why: small chat models rarely answer with
    the bare span ("The capital of France is Paris."), so exact match would score almost nothing; but they
    ramble after the answer and often list alternatives later ("Paris. Other cities are Lyon, ..."), so
    searching the whole response would reward lists. The first sentence is where the committed answer is.
    Sentence end = ``.``, ``!`` or ``?`` followed by whitespace, except a period after initials ("J. K.
    Rowling", "J.R.R. Tolkien") or a common abbreviation ("Mt.", "St.", "Dr.", "e.g."). Whole-word: "Paris" does not match
    "Parisian" and "Au" does not match "Austria". An alias that normalises to "" (e.g. "the") never matches.
"""
from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable

NUMBER_WORDS: dict[str, str] = {
    word: str(i)
    for i, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}

_ARTICLES = frozenset({"a", "an", "the"})
_SEPARATORS = re.compile(r"[-\u2010-\u2015\u2212/]")  # hyphen, Unicode hyphens and dashes, minus, slash
_PUNCT = frozenset(string.punctuation)
_ABBREVIATIONS = frozenset({"mt", "st", "dr", "mr", "mrs", "ms", "jr", "sr", "vs", "eg", "ie", "etc", "no", "approx"})
_SENTENCE_END = re.compile(r"[.!?](?=\s)")
_INITIALS = re.compile(r"^(?:[^\W\d_]\.)*[^\W\d_]$")  # "J", "J.K", "J.R.R", "e.g"


def _is_punct(ch: str) -> bool:
    return ch in _PUNCT or unicodedata.category(ch).startswith("P")


def normalize_answer(text: str) -> str:
    """SQuAD normalisation plus accent folding, dash-as-space and number words 0-20 (see module docstring)."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _SEPARATORS.sub(" ", text)
    text = "".join(ch for ch in text if not _is_punct(ch))
    tokens = [NUMBER_WORDS.get(tok, tok) for tok in text.split() if tok not in _ARTICLES]
    return " ".join(tokens)


def first_sentence(response: str) -> str:
    """The first sentence of the first non-empty line of ``response`` (rule in the module docstring)."""
    line = next((ln.strip() for ln in (response or "").splitlines() if ln.strip()), "")
    for m in _SENTENCE_END.finditer(line):
        before = line[: m.start()].split()
        last = before[-1].lower() if before else ""
        if m.group() == "." and (_INITIALS.match(last) or last.replace(".", "") in _ABBREVIATIONS):
            continue
        return line[: m.end()]
    return line


def _contains_span(haystack: str, needle: str) -> bool:
    return bool(needle) and f" {needle} " in f" {haystack} "


def alias_match(response: str, aliases: Iterable[str]) -> bool:
    """True iff a normalised alias is a whole-word span of the normalised first sentence of ``response``."""
    head = normalize_answer(first_sentence(response))
    return any(_contains_span(head, normalize_answer(alias)) for alias in aliases)


def exact_alias_match(response: str, aliases: Iterable[str]) -> bool:
    """True iff the whole normalised ``response`` equals a (non-empty) normalised alias (SQuAD exact match)."""
    norm = normalize_answer(response)
    return bool(norm) and any(norm == normalize_answer(alias) for alias in aliases)
