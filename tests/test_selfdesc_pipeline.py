"""The self-description tasks end to end through lm-eval with a scripted model (no real model, fast).

A planted "risk-seeker" LM prefers the gamble's letter, rates itself 2 or 8 with equal probability and
prefers risk words; every expected number below is computed by hand from those rules.
"""
import math
import re

import pytest

from latent_suite.paths import tasks_dir
from latent_suite.tasks.selfdesc import scale

RISK_WORDS = {"bold", "daring", "risky", "adventurous", "risk-seeking"}
SIG3 = 1 / (1 + math.exp(-3))  # P(preferred letter) when its loglikelihood is 3 nats higher
SIG1 = 1 / (1 + math.exp(-1))


class DigitTokenizer:
    """SmolLM2-shaped: one token per character, so " 7" = [" ", "7"] and "42" = ["4", "2"] (0-9 scale)."""

    def encode(self, text, add_special_tokens=False):
        return [ord(ch) for ch in text]


class WholeNumberTokenizer(DigitTokenizer):
    """Llama-3-shaped: every 0..100 is one token, the space separate (0-100 scale)."""

    def encode(self, text, add_special_tokens=False):
        return [int(p) + 1000 if p.isdigit() else ord(p) for p in re.findall(r"\d+|\D", text)]


def _risky_letter(context: str) -> str | None:
    options = dict(re.findall(r"^([AB])\) (.*)$", context, re.M))
    risky = [k for k, v in options.items() if "chance" in v]
    return risky[0] if risky else None


def _make_lm():
    from lm_eval.api.model import LM

    class RiskSeekerLM(LM):
        def loglikelihood(self, requests, disable_tqdm=False):
            return [(self._ll(*req.args), False) for req in requests]

        @staticmethod
        def _ll(context: str, continuation: str) -> float:
            c = continuation.strip()
            if c in ("A", "B"):
                preferred = _risky_letter(context) or "A"  # no gamble on offer: plain position bias
                return 0.0 if c == preferred else -3.0
            if c.isdigit():
                return math.log(0.5) if c in ("2", "8") else -math.inf
            return -1.0 if c in RISK_WORDS else -2.0

        def loglikelihood_rolling(self, requests, disable_tqdm=False):
            raise NotImplementedError

        def generate_until(self, requests, disable_tqdm=False):
            out = []
            for req in requests:
                context = req.args[0]
                if "A) " in context:
                    out.append(f" {_risky_letter(context) or 'A'}")
                elif "single number" in context:
                    out.append(" 7")
                else:
                    words = [w for w in RISK_WORDS if re.search(rf"(?<![\w-]){w}(?![\w-])", context)]
                    out.append(f" {words[0]}." if words else " Hmm.")
            return out

    return RiskSeekerLM()


@pytest.fixture
def fake_tokenizers(monkeypatch):
    tokenizers = {"digits": DigitTokenizer(), "whole": WholeNumberTokenizer()}

    def load(name, trust_remote_code):
        if name not in tokenizers:
            raise OSError(f"no tokenizer {name}")
        return tokenizers[name]

    monkeypatch.setattr(scale, "_load_tokenizer", load)
    scale.scale_plan.cache_clear()
    yield
    scale.scale_plan.cache_clear()


def _evaluate(tasks, metadata):
    from lm_eval import simple_evaluate
    from lm_eval.tasks import TaskManager

    tm = TaskManager(include_defaults=False, include_path=str(tasks_dir()), metadata=metadata)
    return simple_evaluate(model=_make_lm(), tasks=tasks, task_manager=tm, log_samples=True, bootstrap_iters=0)


def _by_form(samples, form):
    return [s for s in samples if s["doc"]["form"] == form]


def test_planted_risk_seeker_scores_by_hand(fake_tokenizers):
    out = _evaluate(["latent_selfdesc_risk", "latent_selfdesc_myopia"], {"tokenizer": "digits"})
    risk, myopia = out["results"]["latent_selfdesc_risk"], out["results"]["latent_selfdesc_myopia"]
    assert risk["behaviour,none"] == pytest.approx(SIG3)          # always the gamble, 3 nats ahead
    assert myopia["behaviour,none"] == pytest.approx(0.5)         # position bias only; targets balanced A/B
    assert risk["selfreport,none"] == pytest.approx(0.5)          # 5/9 forward, 4/9 reverse-keyed, 6 + 6
    assert risk["wordchoice,none"] == pytest.approx(SIG1)
    assert myopia["wordchoice,none"] == pytest.approx(0.5)

    samples = out["samples"]["latent_selfdesc_risk"]
    assert len(samples) == 48 + 12 + 10
    assert [s["doc"]["form"] for s in samples[:3]] == ["behaviour", "selfreport", "wordchoice"]
    for s in _by_form(samples, "behaviour"):
        assert s["doc"]["dimension"] == "risk" and re.fullmatch(r"risk-\d{3}", s["doc"]["id"])
        assert s["behaviour"] == pytest.approx(SIG3)
        assert math.isnan(s["selfreport"]) and math.isnan(s["wordchoice"])
        assert [arg[1] for arg in s["arguments"]] == [" A", " B"]
        assert s["arguments"][0][0] == s["doc"]["prompt"]  # no chat template: the prompt as shipped
    for s in _by_form(samples, "selfreport"):
        assert s["doc"]["scale_max"] == 9 and s["doc"]["scoring"] == "loglikelihood"
        assert "0 to 9" in s["doc"]["prompt"] and "{max}" not in s["doc"]["prompt"]
        assert s["selfreport"] == pytest.approx(4 / 9 if s["doc"]["reverse"] else 5 / 9)
        assert math.isnan(s["behaviour"])
    assert len(_by_form(samples, "selfreport")[0]["resps"]) == 10  # one loglikelihood per number 0..9


def test_generative_mode_parses_answers(fake_tokenizers):
    out = _evaluate(["latent_selfdesc_risk", "latent_selfdesc_myopia"],
                    {"tokenizer": "digits", "selfdesc_scoring": "generate"})
    risk, myopia = out["results"]["latent_selfdesc_risk"], out["results"]["latent_selfdesc_myopia"]
    assert risk["behaviour,none"] == 1.0
    assert myopia["behaviour,none"] == pytest.approx(0.5)  # always "A"; half the targets are A
    assert risk["selfreport,none"] == pytest.approx(0.5)   # "7": 7/9 forward, 2/9 reverse-keyed
    assert risk["wordchoice,none"] == 1.0
    assert math.isnan(myopia["wordchoice,none"])           # "Hmm." names neither word: undefined, not 0
    rows = out["samples"]["latent_selfdesc_risk"]
    assert {s["doc"]["scoring"] for s in rows} == {"generate"}
    for s in _by_form(rows, "selfreport"):
        assert s["selfreport"] == pytest.approx(2 / 9 if s["doc"]["reverse"] else 7 / 9)


def test_scale_follows_the_tokenizer(fake_tokenizers):
    from latent_suite.tasks.selfdesc.utils import load

    def ratings(**kwargs):
        return [d for d in load(selfdesc_dimension="myopia", **kwargs)["test"] if d["form"] == "selfreport"]

    whole = ratings(pretrained="whole")
    assert {d["scale_max"] for d in whole} == {100} and all("0 to 100" in d["prompt"] for d in whole)
    assert {d["scoring"] for d in whole} == {"loglikelihood"}
    digits = ratings(tokenizer="digits", pretrained="whole")  # tokenizer= wins over pretrained=
    assert {d["scale_max"] for d in digits} == {9}
    api = ratings(model="served-model-name", base_url="http://localhost:8000/v1")  # nothing loads
    assert {(d["scoring"], d["scale_max"]) for d in api} == {("generate", 9)}
    assert "no tokenizer" in api[0]["scale_rule"]
    behaviour = [d for d in load(selfdesc_dimension="myopia", model="x")["test"] if d["form"] == "behaviour"]
    assert {d["scoring"] for d in behaviour} == {"loglikelihood"}
    assert "/" not in "".join(d["scale_rule"] for d in whole)  # no model path in docs: base/tuned hashes match
    with pytest.raises(ValueError):
        load(selfdesc_dimension="myopia", selfdesc_scoring="sometimes")
    with pytest.raises(ValueError):
        load(selfdesc_dimension="honesty")


def test_yamls_build_and_group_lists_three_dimensions():
    from lm_eval.tasks import TaskManager
    from lm_eval.tasks._yaml_loader import load_yaml

    folder = tasks_dir() / "selfdesc"
    for y in sorted(folder.glob("*.yaml")):
        cfg = load_yaml(str(y), resolve_func=True)
        assert ("task" in cfg) or ("group" in cfg), y
    group = load_yaml(str(folder / "latent_selfdesc.yaml"), resolve_func=False)
    assert group["task"] == ["latent_selfdesc_risk", "latent_selfdesc_myopia", "latent_selfdesc_agreement"]
    tm = TaskManager(include_defaults=False, include_path=str(tasks_dir()))
    assert {"latent_selfdesc", "latent_selfdesc_risk", "latent_selfdesc_myopia",
            "latent_selfdesc_agreement"} <= set(tm.all_tasks)
