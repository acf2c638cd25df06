"""Quick sweeps of the intent classifier's features and regularisation, outside Rasa.

A scikit-learn replica of config.yml's classifier (kiwipiepy tokens, char_wb 1-4 and word counts,
balanced logistic regression): it gives the served pipeline's dev figure to within a line, in a fraction of
a Rasa training, so variants can be compared before one is tried in Rasa (bench/nlu_pipelines.py).
``--without FILE`` leaves a training file out and scores it: its lines become unseen phrasing.
Held-out files are never scored here.

    nice -n 10 .venv-rasa/bin/python bench/nlu_sweep.py --dev tests/nlu/dev_en_voices.yml \
        [--without data/nlu/en/world_english.yml]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.nlu_eval import load_examples, macro_f1  # noqa: E402

VARIANTS = {"served": {}, "char_wb 1-5": {"char": (1, 5)}, "word 1-2": {"word": (1, 2)}, "C=5": {"C": 5.0},
            "C=0.5": {"C": 0.5}, "char 3-5 across words": {"across": (3, 5)}}


def score(train: list[tuple[str, str]], tests: dict[str, list[tuple[str, str]]], char=(1, 4), word=(1, 1),
          C=1.0, across=None) -> dict[str, float]:
    import scipy.sparse as sp
    from kiwipiepy import Kiwi
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    kiwi = Kiwi(load_typo_dict=False, load_multi_dict=False)

    def tokens(text: str) -> str:
        return " ".join(t.form for t in kiwi.tokenize(text)) or text

    vectorizers = [CountVectorizer(analyzer="char_wb", ngram_range=char),
                   CountVectorizer(ngram_range=word, token_pattern=r"(?u)\b\w+\b")]
    if across:
        vectorizers.append(CountVectorizer(analyzer="char", ngram_range=across))

    def features(texts: list[str], fit: bool = False):
        return sp.hstack([(v.fit_transform if fit else v.transform)(texts) for v in vectorizers]).tocsr()

    model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced", random_state=42)
    model.fit(features([tokens(t) for t, _ in train], fit=True), [i for _, i in train])
    return {name: round(macro_f1([i for _, i in examples],
                                 list(model.predict(features([tokens(t) for t, _ in examples]))))[0], 4)
            for name, examples in tests.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", action="append", default=[], type=Path, help="a development file; repeatable")
    parser.add_argument("--without", action="append", default=[], type=Path,
                        help="a training file to leave out and score; repeatable")
    parser.add_argument("--variants", default=",".join(VARIANTS), help=f"comma-separated, of: {', '.join(VARIANTS)}")
    args = parser.parse_args()
    left_out = {p.resolve() for p in args.without}
    train = [e for f in sorted((ROOT / "data" / "nlu").rglob("*.yml")) if f.resolve() not in left_out
             for e in load_examples(f)]
    tests = {p.stem: load_examples(p) for p in [*args.dev, *args.without]}
    for name in args.variants.split(","):
        print(name, score(train, tests, **VARIANTS[name]), flush=True)


if __name__ == "__main__":
    main()
