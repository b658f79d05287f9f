"""alt-profanity-check's English model (shipped inside its wheel), evaluated without scikit-learn's
per-call overhead: its pipeline spends ~3.5 ms validating a one-item batch, while the model itself is a
TF-IDF bag of words and five calibrated linear SVMs. We read the same fitted numbers once and compute
the same probability (tests/moderation/test_text_checks.py checks it against predict_prob) in ~30 µs."""

from __future__ import annotations

import math
import re
import threading

_lock = threading.Lock()
_model = None


class _Model:
    def __init__(self):
        import warnings

        with warnings.catch_warnings():  # sklearn warns when the pickle's version differs
            warnings.simplefilter("ignore")
            from profanity_check import profanity_check as pc
        vec = pc.vectorizer
        self.token = re.compile(vec.token_pattern)
        self.stop = frozenset(vec.get_stop_words() or ())
        self.vocab: dict[str, int] = dict(vec.vocabulary_)
        self.idf = vec.idf_.tolist()
        self.models = []  # (weights list, intercept, sigmoid a, sigmoid b)
        for calibrated in pc.model.calibrated_classifiers_:
            svm = calibrated.estimator
            sigmoid = calibrated.calibrators[0]
            self.models.append((svm.coef_[0].tolist(), float(svm.intercept_[0]), float(sigmoid.a_),
                                float(sigmoid.b_)))

    def probability(self, text: str) -> float:
        counts: dict[int, int] = {}
        for tok in self.token.findall(text.lower()):
            if tok in self.stop:
                continue
            j = self.vocab.get(tok)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        if not counts:
            features = {}
        else:
            features = {j: c * self.idf[j] for j, c in counts.items()}
            norm = math.sqrt(sum(v * v for v in features.values()))
            features = {j: v / norm for j, v in features.items()}
        total = 0.0
        for weights, intercept, a, b in self.models:
            decision = intercept + sum(weights[j] * v for j, v in features.items())
            total += 1.0 / (1.0 + math.exp(a * decision + b))
        return total / len(self.models)


def probability(text: str) -> float:
    """How likely the English model finds `text` offensive, 0..1."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = _Model()
    return _model.probability(text)
