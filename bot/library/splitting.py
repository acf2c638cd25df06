"""Split a parsed file into citable units: a statute into its articles (제N조, 제N조의M, with their
title, under their 편·장·절, 항 and 호 kept inside and addressable); any other document into its
headings' sections, or its pages (PDF), or sections of about ``SECTION_CHARS``."""
from __future__ import annotations

import re

from bot.library.formats import Block, ParsedFile
from bot.library.units import Line, Unit

SECTION_CHARS = 1500
_ARTICLE_HEADING = re.compile(r"^제\s*(\d+)\s*조(?:\s*의\s*(\d+))?\s*(?:\(([^)]{0,80})\))?\s*$")
# In plain text the title sits in brackets and the body may follow on the same line.
_ARTICLE_LINE = re.compile(r"^제\s*(\d+)\s*조(?:\s*의\s*(\d+))?\s*(?:\(([^)]{1,80})\)\s*(.*)|\s+(삭제.*)|\s*)$", re.S)
_STRUCTURE = re.compile(r"^제\s*\d+\s*(편|장|절|관)(?:\s*의\s*\d+)?(?:\s|$)")
_SUPPLEMENT = re.compile(r"^부\s*칙(?:\s|<|\(|$)")
_RANKS = {"편": 0, "장": 1, "절": 2, "관": 3}
_ITEM = re.compile(r"^(\d+(?:의\d+)?)\.\s")
_CIRCLED = {**{chr(0x2460 + i): str(i + 1) for i in range(20)}, **{chr(0x3251 + i): str(21 + i) for i in range(15)},
            **{chr(0x32B1 + i): str(36 + i) for i in range(15)}}
_IMAGE = re.compile(r"<img[^>]*>", re.I)
# Amendment notes: "<개정 2014.11.19, 2026.9.29>", "[본조신설 2020.2.4]", "[종전 제5조는 제6조로 이동 …]"
_NOTE = re.compile(r"\s*(<(?:개정|신설|전문개정|본조신설|제목개정|타법개정|시행일)[^>]*>"
                   r"|\[(?:본조신설|전문개정|제목개정|종전|시행일)[^\]]*\])")


def without_notes(text: str) -> str:
    """The text without its amendment notes: what is searched and what headings show."""
    return _NOTE.sub("", text)


def clean(text: str) -> str:
    """Markdown's emphasis and escapes off, images named: the text as staff read it."""
    text = _IMAGE.sub("[그림]", text).replace("**", "")
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", text)


def article_key(number: str, branch: str | None) -> str:
    return f"제{number}조" + (f"의{branch}" if branch else "")


def _article_start(block: Block) -> tuple[str, str, str] | None:
    """(key, title, body on the same line) when the block starts an article."""
    text = clean(block.text).strip()
    if block.level:
        found = _ARTICLE_HEADING.match(text)
        return (article_key(found.group(1), found.group(2)), (found.group(3) or "").strip(), "") if found else None
    found = _ARTICLE_LINE.match(text.split("\n", 1)[0])
    if not found:
        return None
    rest = text.split("\n", 1)[1] if "\n" in text else ""
    body = "\n".join(part for part in (found.group(4) or found.group(5) or "", rest) if part)
    return article_key(found.group(1), found.group(2)), (found.group(3) or "").strip(), body


def is_statute(parsed: ParsedFile) -> bool:
    return sum(1 for block in parsed.blocks if _article_start(block)) >= 2


def split(parsed: ParsedFile) -> list[Unit]:
    if is_statute(parsed):
        return articles(parsed.blocks)
    if any(block.level for block in parsed.blocks):
        return sections(parsed.blocks)
    return pages(parsed.blocks) if parsed.paged else chunks(parsed.blocks)


def article_lines(body: str) -> tuple[Line, ...]:
    """The article's lines, each with the 항 (①→"1") and 호 ("1", "1의2") it belongs to."""
    lines, paragraph, item = [], "", ""
    for raw in clean(body).split("\n"):
        text = raw.strip()
        if not text:
            continue
        if text[0] in _CIRCLED:
            paragraph, item = _CIRCLED[text[0]], ""
        else:
            found = _ITEM.match(text)
            if found:
                item = found.group(1)
        lines.append(Line(text, paragraph, item))
    return tuple(lines)


def _structure(text: str, path: list[tuple[int, str]]) -> list[tuple[int, str]]:
    rank = _RANKS[_STRUCTURE.match(text).group(1)]
    return [entry for entry in path if entry[0] < rank] + [(rank, without_notes(text))]


def articles(blocks: list[Block]) -> list[Unit]:
    """Articles in order; text before the first one (title, table of contents) and the 부칙 are left out."""
    units: list[Unit] = []
    path: list[tuple[int, str]] = []
    current: dict | None = None
    for block in blocks:
        text = clean(block.text).strip()
        if _SUPPLEMENT.match(text) and (block.level or len(text) < 60):
            break
        if _STRUCTURE.match(text) and (block.level or len(text) < 60):
            path = _structure(text, path)
            continue
        start = _article_start(block)
        if start:
            if current:
                units.append(_article(**current))
            current = {"key": start[0], "title": start[1], "path": tuple(p for _, p in path), "body": [start[2]]}
        elif current:
            current["body"].append(block.text)
    if current:
        units.append(_article(**current))
    return _unique(units)


def _article(key: str, title: str, path: tuple[str, ...], body: list[str]) -> Unit:
    lines = article_lines("\n".join(part for part in body if part))
    repealed = not title and (not lines or lines[0].text.startswith("삭제"))
    heading = f"{key}({title})" if title else key
    return Unit(key, heading, title, path, lines, repealed)


def _unique(units: list[Unit]) -> list[Unit]:
    """A key met twice (an article quoted at a line start, a second numbering) keeps its first unit."""
    seen: set[str] = set()
    return [u for u in units if not (u.key in seen or seen.add(u.key))]


def sections(blocks: list[Block]) -> list[Unit]:
    """One unit per heading, under its parent headings; text before the first heading is section 0."""
    groups: list[tuple[str, tuple[str, ...], list[str]]] = []
    path: list[tuple[int, str]] = []
    for block in blocks:
        text = clean(block.text).strip()
        if block.level:
            path = [entry for entry in path if entry[0] < block.level] + [(block.level, text)]
            groups.append((text, tuple(p for _, p in path[:-1]), []))
        else:
            if not groups:
                groups.append(("", (), []))
            groups[-1][2].append(text)
    units = []
    for number, (heading, parents, body) in enumerate(groups, start=1):
        lines = tuple(Line(line.strip()) for part in body for line in part.split("\n") if line.strip())
        if lines or heading:
            units.extend(_sized(f"s{number}", heading or "머리말", parents, lines))
    return units


def _sized(key: str, heading: str, path: tuple[str, ...], lines: tuple[Line, ...]) -> list[Unit]:
    """A long section in parts of about SECTION_CHARS: s3, s3.2, s3.3 …"""
    parts: list[list[Line]] = [[]]
    for line in lines:
        if parts[-1] and sum(len(x.text) for x in parts[-1]) + len(line.text) > SECTION_CHARS:
            parts.append([])
        parts[-1].append(line)
    return [Unit(key if n == 1 else f"{key}.{n}", heading if n == 1 else f"{heading} ({n})", heading, path,
                 tuple(part)) for n, part in enumerate(parts, start=1)]


def pages(blocks: list[Block]) -> list[Unit]:
    numbers = sorted({block.page for block in blocks})
    return [Unit(f"p{n}", f"{n}쪽", "", (), tuple(Line(clean(b.text).strip()) for b in blocks if b.page == n))
            for n in numbers]


def chunks(blocks: list[Block]) -> list[Unit]:
    """No headings and no pages: sections of about SECTION_CHARS at paragraph boundaries."""
    lines = tuple(Line(clean(b.text).strip()) for b in blocks if b.text.strip())
    parts = _sized("s1", "", (), lines)
    return [Unit(f"s{n}", part.lines[0].text[:40], "", (), part.lines) for n, part in enumerate(parts, start=1)]
