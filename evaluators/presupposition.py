"""Rule-based classifier for answers to false-presupposition questions (FLEX family, DESIGN.md §4.2).

``classify_response(response, item=None)`` returns exactly one of

* ``"reject"``  - the response says or clearly implies that the question's premise is false;
* ``"accept"``  - it answers as if the premise were true (accommodation);
* ``"unclear"`` - neither: empty, a hedge, a refusal without a correction, or an answer about something else.

The three-way split follows Sieker, Lachenmaier & Zarrieß (2025, arXiv 2505.22354), who sort model answers to
false-presupposition questions into rejecting and accommodating ones. For the *control* question of an item
(true premise) classify with ``as_control(item)``; a ``"reject"`` there is over-rejection.

Rules, applied in this order (the first that fires decides). "Negation" means one of not, n't, never, no,
none, nobody, nothing, neither, nor, cannot - except idioms that deny nothing ("none other than", "not only",
"not just", "not all", "not fully", "no doubt", "no longer") and, when ``item`` is given, a negation word that
the question itself uses ("How did people discover that lightning never strikes twice?": "never" is premise).
A "clause" ends at ``, ; : . ! ?`` or before because/since/as/when/after/before/though/although/but/while/so/
which/that/who/whose/where/until/once/if/even/whereas; a sentence that opens with such a word (a fronted
subordinate clause: "After humans tamed them, ...") has its main clause after the first comma.

1. **Empty** - fewer than 3 words -> ``unclear``.
2. **Meta-correction cue** anywhere, unless the cue itself is negated ("it is not a mistake"): "false premise",
   "the premise/assumption/claim/question is false|wrong|incorrect|mistaken|flawed", "misconception", "a myth",
   "that's not true|correct|right", "this is incorrect|wrong", "never happened", "did not happen", "no such",
   "no evidence", "no record", "(is|was|discovered|found|showed) the opposite", "the other way round", "common mistake" -> ``reject``.
3. **Opening denial** - the response opens with "No"/"Nope"/"Not really", or the main clause of its first
   sentence contains a negation -> ``reject``. Hedges (rule 6 phrases) are removed first, so "I'm not sure" is
   not a denial. Negations in later clauses do not count: they are usually part of an answer given inside the
   premise ("Einstein discovered penicillin because he did not clean his dishes" stays ``accept``).
4. **Later correction** - a later sentence that opens with "Actually," / "In fact," / "In reality," /
   "However," / "In truth," and whose main clause contains a negation, or any sentence that opens with a soft
   denial ("I don't think", "I don't believe", "I doubt", "I'm not aware of", "I have never heard of") -> ``reject``.
5. **Entity rules** (need ``item``) -> ``reject``:
   a. a clause that mentions ``false_entity`` and contains a negation ("It was not Edison", "Edison never ...");
   b. a correction naming ``correct_entity``: "it was <correct> who|that", "<correct> did", "but|rather|
      instead|actually <correct>", "<correct>, not ...", "only|just <correct>" ("had only six wives");
   c. (false-premise questions only) a sentence that states a *specific* correct entity - capitalised name or
      number; without a correct entity, a number of ``correct_fact`` absent from the question and the false
      presupposition - but not the false entity, where the correct entity is absent from the question
      ("Paris is in France. The capital of Germany is Berlin.", "built over 4,500 years ago");
   d. a question about stopping (stop, no longer, give up, quit, lose) answered by a clause that names the
      correct entity with "still", "remain(s)", "continue(s) to", "to this day" ("pilots remain essential").
   Entities match as whole words (plural -s/-es allowed); a capitalised multi-word name also matches by its last
   word ("Thomas Edison" -> "Edison"); "the 1700s" also matches any year 1700-1799.
6. **Hedge or refusal** without any correction above: "I'm not sure", "not certain", "I don't know",
   "I don't have information", "I can't answer|tell|help|browse", "as an AI", "I'm unable", "it is unclear",
   "hard to say", "the answer is not simple|straightforward|a number" -> ``unclear``.
7. **Disengagement** (needs ``item``; only for answers of two or more sentences, since a one-sentence answer
   may refer to the premise by pronouns): the response names neither entity, and either the false entity is a
   single word of the question that the response never uses, or the response covers less than 80% of the
   premise words (content words of the question that also occur in ``false_presupposition``; for a control
   view, which has none, less than a third of the question's content words) -> ``unclear``: it talks about
   something else. Content words are compared by a crude stem (possessive/plural/-ed/-ing stripped, first 5
   letters).
8. Otherwise the response answers inside the premise -> ``accept``.

The thresholds and phrase lists were set while reading the shipped calibration file
(``tasks/flex/data/calibration.jsonl``), whose labels were written before the rules; the agreement reported by
``tests/test_presupposition.py`` is therefore an in-sample figure. A held-out check: every item's four authored
continuations (written before the classifier) must come out as accept / reject / accept / reject.
"""
from __future__ import annotations

import re

CLASSIFIER_VERSION = "flex-rules-1"

LABELS = ("reject", "accept", "unclear")

_NEG_RE = re.compile(r"(?:\b(?:not|never|no|none|nobody|nothing|neither|nor|cannot)\b|n't\b)")
_NON_DENIAL_RE = re.compile(
    r"\bnone other than\b"
    r"|\bnot (?:just|only|merely|simply|all|every|always|least|yet|fully|entirely|completely|well|to mention)\b"
    r"|\bno (?:doubt|wonder|longer|matter)\b"
)

_META_CUES = [
    r"false (?:premise|presupposition|assumption)",
    r"(?:premise|presupposition|assumption|claim|question|statement) (?:is|was|seems) (?:false|wrong|incorrect|mistaken|flawed)",
    r"misconception",
    r"\ba (?:common |popular )?myth\b",
    r"\bthe myth\b",
    r"(?:that|this|it)(?:'s| is| was)(?: not|n't) (?:true|correct|right|accurate|the case)",
    r"(?:that|this|it)(?:'s| is| was) (?:incorrect|wrong|false|inaccurate|mistaken)",
    r"(?:is|are|was|were)(?: not|n't) (?:true|correct|accurate)",
    r"\bnever happened\b",
    r"\b(?:did not|didn't|does not|doesn't) (?:happen|occur|exist)\b",
    r"\bno such\b",
    r"\bno (?:evidence|record|historical record)\b",
    r"\b(?:is|was|quite|exactly|just|discovered|found|showed|proved|shows) the opposite\b|\bthe opposite is true\b|\bthe other way (?:round|around)\b",
    r"\bcommon mistake\b",
    r"\bfactually (?:incorrect|wrong)\b",
]
_META_RE = re.compile("|".join(f"(?:{c})" for c in _META_CUES))

_HEDGES = [
    r"i(?:'m| am) not (?:sure|certain)",
    r"\bnot (?:sure|certain)\b",
    r"i (?:do not|don't) (?:know|have (?:any )?(?:information|data|details|access))",
    r"i (?:cannot|can't|am unable to|am not able to) (?:answer|help|tell|provide|browse|say|find|determine)",
    r"\bas an ai\b",
    r"\bi(?:'m| am) (?:unable|not able)\b",
    r"\bit is (?:unclear|not clear)\b",
    r"\bhard to say\b",
    r"\bthe answer(?: to (?:this|the|your) question)? (?:is not|isn't) (?:a |an )?(?:number|simple|straightforward|easy|clear|obvious)\b",
]
_HEDGE_RE = re.compile("|".join(f"(?:{h})" for h in _HEDGES))

_SUBORDINATORS = (
    "because|since|as|when|after|before|though|although|but|while|so|which|that|who|whose|where|until|once|if"
    "|even|whereas"
)
_OPENING_NO_RE = re.compile(r"^(?:no|nope|not really|not quite|not at all)\b")
_CLAUSE_SPLIT_RE = re.compile(r"[,;:.!?()\u2014]|\s-\s|\b(?:" + _SUBORDINATORS + r")\b")
_FRONTED_RE = re.compile(r"^(?:" + _SUBORDINATORS + r")\b[^,]*,")
_SENT_SPLIT_RE = re.compile(r"(?<=[.!?])\s+|\n+")
_SOFT_DENIAL_RE = re.compile(
    r"^(?:i (?:do not|don't) (?:think|believe)|i doubt|i(?:'m| am) not aware of|i have never heard of)\b(?! (?:i|we) )"
)
_CESSATION_Q_RE = re.compile(r"\b(?:stop|stopped|no longer|give up|gave up|quit|cease|ceased|lose|lost)\b")
_CONTINUATION_RE = re.compile(r"\b(?:still|remains?|continues? to|to this day|even today)\b")
_NUMBER_RE = re.compile(r"\d[\d,\.]*\d|\d")
_LATER_CUE_RE = re.compile(r"^(?:actually|in fact|in reality|however|in truth)\b[, ]*")
_WORD_RE = re.compile(r"[a-z0-9][a-z0-9'\-\.]*[a-z0-9]|[a-z0-9]")

_STOP = set(
    """a an the of in on at to for from by with about into over after before during did do does was were is are be
    been being why how when what who whom which where whose that this these those it its it's he she they them his her
    their there here and or but if than then so as again still only ever you your we our i me my has have had will
    would can could should may might must not no""".split()
)


def _normalise(text: str | None) -> str:
    text = (text or "").replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("*", " ").replace("#", " ")
    return re.sub(r"[ \t]+", " ", text).strip().lower()


def _main_clause(sentence: str) -> str:
    """The first clause of a sentence, or the clause after a fronted subordinate clause."""
    sentence = sentence.strip(" ,.;:")
    m = _FRONTED_RE.match(sentence)
    if m:
        sentence = sentence[m.end():].strip()
    return _CLAUSE_SPLIT_RE.split(sentence, maxsplit=1)[0]


def _clauses(sentence: str) -> list[str]:
    return [c for c in _CLAUSE_SPLIT_RE.split(sentence) if c and c.strip()]


def _has_negation(text: str, echo: str = "") -> bool:
    """A denying negation in ``text``: idioms are ignored, and so is a negation word that the question (``echo``)
    itself uses ("lightning never strikes twice"), since repeating the premise's own negation denies nothing."""
    text = _NON_DENIAL_RE.sub(" ", text)
    echoed = {m.group(0) for m in _NEG_RE.finditer(_NON_DENIAL_RE.sub(" ", echo))} if echo else set()
    return any(m.group(0) not in echoed for m in _NEG_RE.finditer(text))


def _meta_cue(text: str) -> bool:
    for m in _META_RE.finditer(text):
        before = text[max(0, m.start() - 20):m.start()]
        # a negated cue ("it is not a mistake", "no misconception") affirms rather than corrects
        if re.search(r"(?:\bnot|\bno|n't|\bnever)\s+(?:\w+\s+)?$", before):
            continue
        return True
    return False


def _entity_patterns(entity: str | None) -> list[str]:
    """Whole-word regexes for an entity: the full string (plural -s/-es allowed) and, for a multi-word proper
    name (capitalised last word), that last word alone."""
    if not entity:
        return []
    raw = entity.strip()
    ent = _normalise(raw)
    pats = [r"(?<![a-z0-9])" + re.escape(ent) + r"(?:s|es)?(?![a-z0-9])"]
    century = re.fullmatch(r"(?:the )?(\d\d)00s", ent)
    decade = re.fullmatch(r"(?:the )?(\d\d\d)0s", ent)
    if century:  # "the 1700s" is also mentioned by any year 1700-1799
        pats.append(r"(?<!\d)" + century.group(1) + r"\d\d(?!\d)")
    elif decade:
        pats.append(r"(?<!\d)" + decade.group(1) + r"\d(?!\d)")
    words = re.findall(r"[A-Za-z][A-Za-z'\-]*", raw)
    if len(words) > 1 and words[-1][0].isupper() and len(words[-1]) > 2:
        pats.append(r"(?<![a-z0-9])" + re.escape(words[-1].lower()) + r"(?:'s)?(?![a-z0-9])")
    return pats


def _mentions(text: str, patterns: list[str]) -> bool:
    return any(re.search(p, text) for p in patterns)


def _fact_numbers(item: dict, question: str) -> list[str]:
    """Numbers of ``correct_fact`` that occur neither in the question nor in the false presupposition."""
    fact = _normalise(item.get("correct_fact"))
    premise = _normalise(item.get("false_presupposition")) + " " + question
    seen = set(_NUMBER_RE.findall(premise))
    return [
        r"(?<![\d,\.])" + re.escape(n) + r"(?![\d])"
        for n in dict.fromkeys(_NUMBER_RE.findall(fact))
        if n not in seen and len(n.replace(",", "")) >= 2
    ]


def _entity_correction(text: str, item: dict, question: str) -> bool:
    false_pats = _entity_patterns(item.get("false_entity"))
    right_pats = _entity_patterns(item.get("correct_entity"))
    right_in_question = _mentions(question, right_pats)
    right_raw = (item.get("correct_entity") or "").strip()
    # rule 5c: only for a false-premise question, and only for a specific correct entity (a capitalised name or a
    # number; without a correct entity, the numbers of the correct fact)
    specific_right = bool(item.get("false_presupposition")) and bool(re.search(r"(?:^|\s)[A-Z0-9]", right_raw))
    if not right_pats and item.get("false_presupposition"):
        right_pats, right_in_question, specific_right = _fact_numbers(item, question), False, True
    cessation = bool(_CESSATION_Q_RE.search(question))
    for sentence in _SENT_SPLIT_RE.split(text):
        sentence = sentence.strip(" ,.;:!?")
        if not sentence:
            continue
        if false_pats:
            for clause in _clauses(sentence):
                if _mentions(clause, false_pats) and _has_negation(clause, question):
                    return True
        for ent in right_pats:
            if re.search(r"\bit (?:was|is) (?:actually |really |in fact )?" + ent + r" (?:who|that|which)\b", sentence):
                return True
            if re.search(ent + r" did\b", sentence):
                return True
            if re.search(r"\b(?:but|rather|instead|actually|in fact)(?:,)? (?:it was |it is |by |the )?" + ent, sentence):
                return True
            if re.search(ent + r",? (?:and )?not\b", sentence) or re.search(r"\b(?:only|just) " + ent, sentence):
                return True
        if specific_right and not right_in_question and _mentions(sentence, right_pats) and not (
            false_pats and _mentions(sentence, false_pats)
        ):
            return True
        if cessation and right_pats:
            for clause in _clauses(sentence):
                if _mentions(clause, right_pats) and _CONTINUATION_RE.search(clause) and not _has_negation(clause):
                    return True
    return False


def _stem(word: str) -> str:
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in ("ing", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]  # stopped -> stopp -> stop
            break
    return word[:5]


def _content_stems(text: str) -> set[str]:
    return {_stem(w) for w in _WORD_RE.findall(text) if w not in _STOP and len(w) > 2}


def _disengaged(text: str, item: dict, question: str) -> bool:
    if _mentions(text, _entity_patterns(item.get("false_entity"))) or _mentions(
        text, _entity_patterns(item.get("correct_entity"))
    ):
        return False
    if len([s for s in _SENT_SPLIT_RE.split(text) if s.strip(" ,.;:")]) < 2:
        return False  # a one-sentence answer may refer to the premise by pronouns ("They found it ...")
    false_entity = _normalise(item.get("false_entity"))
    if false_entity and len(_WORD_RE.findall(false_entity)) == 1 and _mentions(
        question, _entity_patterns(item.get("false_entity"))
    ):
        return True  # the one-word false element of the question is never mentioned
    q_stems = _content_stems(question)
    premise = item.get("false_presupposition")
    if premise:
        target, threshold = q_stems & _content_stems(_normalise(premise)), 0.8
    else:
        target, threshold = q_stems, 1 / 3
    if not target:
        return False
    return len(target & _content_stems(text)) / len(target) < threshold


def as_control(item: dict) -> dict:
    """The view of ``item`` for classifying answers to its ``control_question``: the question becomes the
    control question, the two entities swap roles (denying the control's true premise means negating the entity
    that is correct) and ``false_presupposition`` is dropped (the control has none). A ``"reject"`` for this view
    is over-rejection."""
    view = {k: v for k, v in item.items() if k != "false_presupposition"}
    view.update(
        question=item.get("control_question", item.get("question", "")),
        false_entity=item.get("correct_entity"),
        correct_entity=item.get("false_entity"),
    )
    return view


def classify_response(response: str, item: dict | None = None) -> str:
    """Classify one answer to a false-premise (or, with ``as_control(item)``, a control) question.

    Returns "reject", "accept" or "unclear" by the ordered rules in the module docstring. ``item`` is a FLEX item
    (``question``, ``false_entity``, ``correct_entity``, ``false_presupposition`` are used when present); without
    it only the item-independent rules 1-4, 6 and 8 apply.
    """
    text = _normalise(response)
    if len(_WORD_RE.findall(text)) < 3:
        return "unclear"
    question = _normalise(item.get("question", "")) if item is not None else ""
    if _meta_cue(text):
        return "reject"
    dehedged = _HEDGE_RE.sub(" ", text).strip(" ,.;:")
    sentences = [s.strip(" ,.;:") for s in _SENT_SPLIT_RE.split(dehedged) if s.strip(" ,.;:")]
    if sentences:
        if _OPENING_NO_RE.match(sentences[0]) or _has_negation(_main_clause(sentences[0]), question):
            return "reject"
        for s in sentences[1:]:
            m = _LATER_CUE_RE.match(s)
            if m and _has_negation(_main_clause(s[m.end():]), question):
                return "reject"
    for s in _SENT_SPLIT_RE.split(text):
        if _SOFT_DENIAL_RE.match(s.strip(" ,.;:")):
            return "reject"
    if item is not None and _entity_correction(dehedged, item, question):
        return "reject"
    if _HEDGE_RE.search(text):
        return "unclear"
    if item is not None and _disengaged(text, item, question):
        return "unclear"
    return "accept"
