"""Two costs of Rasa's message parse, made cheaper without changing its result.

- The intent classifier's feature row: stock ``LogisticRegressionClassifier._create_X``
  combines the count-vector featurizers' sentence features with scipy's ``hstack`` (a copy of
  each, then ``bmat``), stacks that with an empty dense matrix and ``vstack``s the rows: about
  1 ms a message for a one-row matrix (cProfile, 2026-12-03). Here the row is put together from
  the same sparse features with numpy. Messages carrying dense sentence features (a pipeline
  with a dense featurizer) take the stock path.
- ``Domain.is_empty``, asked on every parse (``_check_for_unseen_features``), serialised the
  whole domain and a new empty one to compare them (≈ 0.3 ms). A loaded domain does not change,
  so the answer is kept on the instance.
- The count-vector featurisers: for one message each one calls scikit-learn's
  ``CountVectorizer.transform`` twice (the tokens, then the joined sentence), which rebuilds the
  analyzer and validates its parameters every time, builds a CSR matrix, sorts it and Rasa turns
  it into COO (≈ 10 % of a Rasa process's CPU at concurrency 10, py-spy, 2026-12-03). Here the
  same analyzer (built once per vectorizer) counts the same vocabulary entries and the COO
  matrix is built directly: same shape, dtypes, order of entries and values. A call with several
  messages takes Rasa's path; training featurises message by message, so it uses this one too.
"""
from __future__ import annotations

from typing import List

import numpy as np
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.core.domain import Domain
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import coo_matrix, csr_matrix

_stock_create_x = LogisticRegressionClassifier._create_X
_stock_is_empty = Domain.is_empty
_stock_create_features = CountVectorsFeaturizer._create_features


def sentence_row(message: Message) -> csr_matrix | None:
    """The message's sparse sentence features side by side, in the order Rasa combines them;
    None when it has dense sentence features too, or no sparse ones."""
    parts = []
    for feature in message.features:
        if feature.attribute != TEXT or feature.type != FEATURE_TYPE_SENTENCE:
            continue
        if not feature.is_sparse():
            return None
        parts.append(coo_matrix(feature.features))
    if not parts or any(p.shape[0] != 1 for p in parts):
        return None
    offsets = np.cumsum([0] + [p.shape[1] for p in parts])
    columns = np.concatenate([p.col.astype(np.int64) + offset for p, offset in zip(parts, offsets)])
    values = np.concatenate([p.data for p in parts]).astype(np.float64)
    row = csr_matrix((values, (np.zeros(len(columns), dtype=np.int64), columns)), shape=(1, int(offsets[-1])))
    row.sum_duplicates()
    return row


def create_x(self: LogisticRegressionClassifier, messages: List[Message]) -> csr_matrix:
    rows = [sentence_row(message) for message in messages]
    if len(rows) != 1 or rows[0] is None:   # training batches and dense features: Rasa's own way
        return _stock_create_x(self, messages)
    return rows[0]


def is_empty(self: Domain) -> bool:
    known = self.__dict__.get("_minwon_is_empty")
    if known is None:
        known = self.__dict__["_minwon_is_empty"] = _stock_is_empty(self)
    return known


def counts(vectorizer, analyze, documents: List[str]) -> coo_matrix:
    """What ``vectorizer.transform(documents)`` gives after Rasa's ``sort_indices()`` and ``tocoo()``."""
    vocabulary = vectorizer.vocabulary_
    rows: list[int] = []
    columns: list = []
    values: list[int] = []
    for row, document in enumerate(documents):
        counted: dict = {}
        for feature in analyze(document):
            column = vocabulary.get(feature)
            if column is not None:
                counted[column] = counted.get(column, 0) + 1
        for column in sorted(counted):
            rows.append(row)
            columns.append(column)
            values.append(1 if vectorizer.binary else counted[column])
    return coo_matrix((np.array(values, dtype=vectorizer.dtype),
                       (np.array(rows, dtype=np.int32), np.array(columns, dtype=np.int32))),
                      shape=(len(documents), len(vocabulary)))


def create_features(self: CountVectorsFeaturizer, attribute: str, all_tokens: List[List[str]]):
    vectorizer = self.vectorizers.get(attribute) if self.vectorizers else None
    if vectorizer is None or len(all_tokens) != 1 or not all_tokens[0]:
        return _stock_create_features(self, attribute, all_tokens)
    analyzers = self.__dict__.setdefault("_minwon_analyzers", {})
    if analyzers.get(attribute, (None,))[0] is not vectorizer:
        analyzers[attribute] = (vectorizer, vectorizer.build_analyzer())
    analyze, tokens = analyzers[attribute][1], all_tokens[0]
    sentence = counts(vectorizer, analyze, [" ".join(tokens)]) if attribute in DENSE_FEATURIZABLE_ATTRIBUTES else None
    return [counts(vectorizer, analyze, tokens)], [sentence]


def install() -> None:
    LogisticRegressionClassifier._create_X = create_x
    Domain.is_empty = is_empty
    CountVectorsFeaturizer._create_features = create_features
