"""eval/laws_dev4.csv, the fourth development query set for the statute library: the file parses as
`query,expected`, and every expected unit is an article heading (제N조 / 제N조의M, not repealed) in the named
file of the shared corpus (MINWON_STATUTES_DIR, else ../shared/corpus/laws beside the repository)."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from bot.settings import ROOT, Settings

QUERIES = ROOT / "eval" / "laws_dev4.csv"
UNIT = re.compile(r"^(?P<doc>[^/#|]+/[^/#|]+)#(?P<article>제\d+조(?:의\d+)?)$")
HEADING = re.compile(r"^##### (제\d+조(?:의\d+)?)[ \t]*(.*)$", re.MULTILINE)


def _rows() -> list[dict[str, str]]:
    with QUERIES.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["query", "expected"]
        return list(reader)


def _targets(row: dict[str, str]) -> list[str]:
    return [part for part in row["expected"].split("|") if part] if row["expected"] else []


def _corpus() -> Path:
    folder = Settings.load().statutes_dir
    if not (folder / "README.md").is_file():
        pytest.skip(f"the shared statutes corpus is not at {folder} (set MINWON_STATUTES_DIR)")
    return folder


def _articles(path: Path) -> dict[str, str]:
    """Article id -> its text (heading to the next heading), in the body before the supplementary provisions;
    repealed articles (a heading without a title) are left out."""
    body = path.read_text(encoding="utf-8").split("\n## 부칙", 1)[0]
    marks = list(HEADING.finditer(body))
    articles = {}
    for mark, after in zip(marks, [*marks[1:], None]):
        if mark.group(2).strip():
            articles[mark.group(1)] = body[mark.end(): after.start() if after else len(body)]
    return articles


def test_the_file_parses_and_has_the_planned_shape():
    rows = _rows()
    assert len(rows) == 100
    queries = [row["query"].strip() for row in rows]
    assert all(queries) and len(set(queries)) == len(queries)
    in_scope = [row for row in rows if row["expected"]]
    assert len(in_scope) == 80 and len(rows) - len(in_scope) == 20
    for row in in_scope:
        targets = _targets(row)
        assert 1 <= len(targets) <= 3 and len(set(targets)) == len(targets), row
        assert all(UNIT.match(target) for target in targets), row


def test_every_expected_unit_is_an_article_of_the_shared_corpus():
    corpus = _corpus()
    cache: dict[str, dict[str, str]] = {}
    missing = []
    for row in _rows():
        for target in _targets(row):
            doc, article = UNIT.match(target).group("doc", "article")
            path = corpus / f"{doc}.md"
            if doc not in cache:
                cache[doc] = _articles(path) if path.is_file() else {}
            if article not in cache[doc]:
                missing.append(target)
    assert not missing, f"not an article heading in the corpus: {missing}"


def test_all_thirteen_statutes_are_asked_about():
    corpus = _corpus()
    files = {str(path.relative_to(corpus).with_suffix("")) for path in corpus.glob("*/*.md")}
    named = {UNIT.match(target).group("doc") for row in _rows() for target in _targets(row)}
    assert len(files) == 13 and named == files


def test_questions_are_not_copied_from_the_articles_they_expect():
    corpus = _corpus()
    copied = []
    for row in _rows():
        query = re.sub(r"\s+", "", row["query"])
        for target in _targets(row):
            doc, article = UNIT.match(target).group("doc", "article")
            text = re.sub(r"\s+", "", _articles(corpus / f"{doc}.md")[article])
            if any(query[i: i + 12] in text for i in range(max(0, len(query) - 11))):
                copied.append((row["query"], target))
    assert not copied, copied
