"""Read a library file into blocks of text: Markdown and TXT, PDF (pypdf), DOCX (python-docx) and
HWPX (한글's current format: a zip of XML, read with the standard library). HWP 5 files, scanned
PDFs without a text layer and anything else unreadable get a plain-words error saying what to do."""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import yaml

SUFFIXES = (".md", ".markdown", ".txt", ".pdf", ".docx", ".hwpx", ".hwp")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # HWP 5 (and old .doc) files are OLE compound files
MAX_ZIP_MEMBER = 50 * 1024 * 1024                   # an XML part bigger than this is not a document we read
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_HWPX_NS = "{http://www.hancom.co.kr/hwpml/2011/paragraph}"


class LibraryFileError(ValueError):
    """A file the library cannot read; the message names the file and says what to do next."""


@dataclass(frozen=True)
class Block:
    """A heading (``level`` 1–6) or a paragraph (``level`` 0) of text; ``page`` for PDFs."""
    text: str
    level: int = 0
    page: int = 0


@dataclass
class ParsedFile:
    blocks: list[Block]
    meta: dict = field(default_factory=dict)     # front matter of a Markdown file (제목, 시행일자, 출처 …)
    paged: bool = False


def read_file(path: Path, name: str | None = None) -> ParsedFile:
    """The file's blocks. ``name`` is how the file is named in messages (the upload's own name)."""
    name = name or path.name
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise LibraryFileError(f"{name}: 읽을 수 없는 형식이에요. Markdown·TXT, PDF, DOCX, HWPX 파일을 올려 주세요.")
    with path.open("rb") as handle:
        head = handle.read(8)
    if suffix == ".hwp" or head == OLE_MAGIC:
        raise LibraryFileError(f"{name}: 한글 HWP 5 파일은 직접 읽지 못해요. 한글에서 HWPX나 PDF로 저장해 올려 주세요.")
    reader = {".pdf": _pdf, ".docx": _docx, ".hwpx": _hwpx}.get(suffix, _text)
    try:
        parsed = reader(path)
    except LibraryFileError as exc:
        raise LibraryFileError(f"{name}: {exc}") from None
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError, OSError) as exc:
        raise LibraryFileError(f"{name}: 파일이 손상되었거나 형식이 맞지 않아 읽지 못했어요 ({type(exc).__name__}). "
                               "원래 프로그램에서 다시 저장해 올려 주세요.") from None
    if not any(block.text.strip() for block in parsed.blocks):
        raise LibraryFileError(f"{name}: 글자가 하나도 없어요. 내용이 있는 파일인지 확인해 주세요.")
    return parsed


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LibraryFileError("글자 인코딩을 알 수 없어요. UTF-8로 저장해 올려 주세요.")


def _text(path: Path) -> ParsedFile:
    """Markdown or plain text: ``#`` headings (Markdown only), paragraphs split at blank lines."""
    text = _decode(path.read_bytes()).replace("\r\n", "\n")
    meta: dict = {}
    front = _FRONT_MATTER.match(text)
    if front:
        try:
            loaded = yaml.safe_load(front.group(1))
        except yaml.YAMLError:
            loaded = None
        meta = loaded if isinstance(loaded, dict) else {}
        text = text[front.end():]
    markdown = path.suffix.lower() in (".md", ".markdown")
    blocks = []
    for chunk in re.split(r"\n\s*\n", text):
        for line in _split_headings(chunk, markdown):
            blocks.append(line)
    return ParsedFile(blocks, meta)


def _split_headings(chunk: str, markdown: bool) -> list[Block]:
    """A Markdown chunk may hold a heading line followed by text without a blank line between."""
    if not markdown:
        return [Block(chunk.strip())] if chunk.strip() else []
    blocks, body = [], []
    for line in chunk.split("\n"):
        heading = _MD_HEADING.match(line)
        if heading:
            if body:
                blocks.append(Block("\n".join(body)))
                body = []
            blocks.append(Block(heading.group(2).strip(), level=len(heading.group(1))))
        elif line.strip():
            body.append(line)
    if body:
        blocks.append(Block("\n".join(body)))
    return blocks


def _pdf(path: Path) -> ParsedFile:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise LibraryFileError("암호가 걸린 PDF예요. 암호를 푼 PDF로 올려 주세요.")
        pages = [(number, page.extract_text() or "") for number, page in enumerate(reader.pages, start=1)]
    except PdfReadError as exc:
        raise LibraryFileError(f"PDF를 읽지 못했어요 ({exc}). 원래 프로그램에서 PDF로 다시 저장해 올려 주세요.") from None
    if pages and not any(text.strip() for _, text in pages):
        raise LibraryFileError("글자 층이 없는 PDF예요(스캔한 이미지). 원문 파일(HWPX, DOCX)이나 글자를 인식(OCR)한 PDF로 "
                               "올려 주세요.")
    blocks = [Block(line, page=number) for number, text in pages for line in _pdf_paragraphs(text)]
    return ParsedFile(blocks, paged=True)


def _pdf_paragraphs(text: str) -> list[str]:
    """A PDF page's lines; a line that starts an article, a 항, a 호 or a heading starts a new paragraph,
    any other line continues the one before (PDFs break lines by width, not by sense)."""
    starts = re.compile(r"^\s*(제\s*\d+\s*(조|장|절|관|편)|[①-⑳㉑-㉟㊱-㊿]|\d+(의\d+)?\.\s|[가-하]\.\s|부\s*칙)")
    paragraphs: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if paragraphs and not starts.match(line):
            paragraphs[-1] += " " + line.strip()
        else:
            paragraphs.append(line.strip())
    return paragraphs


def _docx(path: Path) -> ParsedFile:
    import docx

    document = docx.Document(str(path))
    blocks = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name or "") if paragraph.style is not None else ""
        level = re.match(r"(?:Heading|제목)\s*(\d)", style)
        blocks.append(Block(text, level=int(level.group(1)) if level else (1 if style == "Title" else 0)))
    for table in document.tables:
        for row in table.rows:
            cells = " | ".join(cell.text.strip() for cell in row.cells if cell.text.strip())
            if cells:
                blocks.append(Block(cells))
    return ParsedFile(blocks)


def _hwpx(path: Path) -> ParsedFile:
    """HWPX: Contents/section*.xml in reading order; each <hp:p> paragraph's <hp:t> runs joined."""
    with zipfile.ZipFile(path) as archive:
        sections = sorted((n for n in archive.namelist() if re.match(r"Contents/section\d+\.xml$", n)),
                          key=lambda n: int(re.search(r"(\d+)", n.rsplit("/", 1)[1]).group(1)))
        if not sections:
            raise LibraryFileError("HWPX 안에 본문(Contents/section0.xml)이 없어요. 한글에서 다시 저장해 올려 주세요.")
        blocks = []
        for name in sections:
            if archive.getinfo(name).file_size > MAX_ZIP_MEMBER:
                raise LibraryFileError("본문이 너무 커요. 문서를 나눠서 올려 주세요.")
            root = ElementTree.fromstring(archive.read(name))
            for paragraph in root.iter(f"{_HWPX_NS}p"):
                # Its own runs only: a table's paragraphs inside it are visited by iter() themselves.
                text = "".join("".join(t.itertext()) for t in paragraph.findall(f"{_HWPX_NS}run/{_HWPX_NS}t")).strip()
                if text:
                    blocks.append(Block(text))
    return ParsedFile(blocks)
