"""What the document library holds: documents, split into citable units (an article 제N조 of a
statute; a heading's section or a page of any other document), each made of lines that know
their 항 and 호, so a citation can point inside an article ("제3조 제1항 제20호")."""
from __future__ import annotations

from dataclasses import dataclass, field

# The kinds staff choose from, as they write them.
KINDS = ("법률", "시행령", "시행규칙", "조례", "규칙", "지침", "매뉴얼", "기타")
STATUTE_KINDS = ("법률", "시행령", "시행규칙", "조례", "규칙")


@dataclass(frozen=True)
class Line:
    """One line of a unit as staff read it; ``paragraph`` (항, e.g. "1") and ``item`` (호, e.g. "20"
    or "1의2") say where it sits inside an article."""
    text: str
    paragraph: str = ""
    item: str = ""


@dataclass(frozen=True)
class Unit:
    """A citable part of a document. ``key`` is "제3조", "제3조의2", "p4" (page 4) or "s2" (section 2)."""
    key: str
    heading: str                      # "제3조(경범죄의 종류)", "4쪽", or the section's heading
    title: str = ""                   # the article's own title: "경범죄의 종류"
    path: tuple[str, ...] = ()        # the 편·장·절 (or parent headings) it sits under
    lines: tuple[Line, ...] = ()
    repealed: bool = False

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass
class Document:
    """One file of the library, parsed. ``doc_id`` is ``<folder>/<file stem>``, relative to the library root."""
    doc_id: str
    title: str
    kind: str = "기타"
    short_name: str = ""
    department: str = ""
    effective: str = ""               # ISO date the text applies from (시행일자), when known
    source_url: str = ""
    units: list[Unit] = field(default_factory=list)

    @property
    def is_statute(self) -> bool:
        return any(unit.key.startswith("제") for unit in self.units)

    def unit(self, key: str) -> Unit | None:
        return next((u for u in self.units if u.key == key), None)


def document_to_json(document: Document) -> dict:
    data = {k: v for k, v in vars(document).items() if k != "units"}
    data["units"] = [{"key": u.key, "heading": u.heading, "title": u.title, "path": list(u.path),
                      "repealed": u.repealed, "lines": [[x.text, x.paragraph, x.item] for x in u.lines]}
                     for u in document.units]
    return data


def document_from_json(data: dict) -> Document:
    units = [Unit(u["key"], u["heading"], u["title"], tuple(u["path"]), tuple(Line(*x) for x in u["lines"]),
                  u["repealed"]) for u in data["units"]]
    return Document(**{**{k: v for k, v in data.items() if k != "units"}, "units": units})
