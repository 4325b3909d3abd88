"""Read: raw bytes and a file name → `DecodedDocument` (text plus title/date/publisher if known).

In: the bytes of a `.txt`, `.md`, `.html` or `.htm` file. Out: decoded text; for HTML pages only
the article text (navigation, footers, scripts and comment boxes dropped) with the page's title,
date and site name. Refuses, with a `ReportError` naming the file: empty or whitespace-only
content, binary formats (ZIP, images, NUL bytes) and bytes no known encoding decodes. PDF and
Word documents go to their own readers (`ingest.pdf`, `ingest.docx`), which return the same record.
"""

from __future__ import annotations

import codecs
import re
from datetime import date

import charset_normalizer
import trafilatura

from ingest import docx, pdf
from ingest.records import DecodedDocument, ReportError

_MAGIC_NUMBERS = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"RIFF", "a RIFF media file"),
)
_HTML_SUFFIXES = (".html", ".htm")
_HTML_SNIFF = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
# Pages declaring the narrower Chinese charsets routinely contain characters only GB18030 has.
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
}
# charset-normalizer mis-detects very short GBK snippets (e.g. as johab), so try GB18030 first.
_SHORT_INPUT = 64
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01


def read_report(raw: bytes, filename: str) -> DecodedDocument:
    """Decode one report; raise `ReportError` when it is not readable text."""
    if not raw:
        raise ReportError(f"{filename}: the file is empty")
    # PDF and Word reports have readers of their own (ingest.pdf, ingest.docx).
    if raw.startswith(b"%PDF-"):
        return pdf.read_pdf(raw, filename)
    if raw.startswith(b"PK\x03\x04"):
        return docx.read_docx(raw, filename)
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise docx.refuse_old_word(filename)
    _refuse_binary(raw, filename)
    looks_html = filename.lower().endswith(_HTML_SUFFIXES) or bool(_HTML_SNIFF.search(raw[:2048]))
    text = _decode(raw, filename, declared=_declared_charset(raw) if looks_html else None)
    _refuse_control_characters(text, filename)
    if not text.strip():
        raise ReportError(f"{filename}: the file contains only whitespace")
    if looks_html:
        return _from_html(text, filename)
    return DecodedDocument(text=text)


def _refuse_binary(raw: bytes, filename: str) -> None:
    for magic, what in _MAGIC_NUMBERS:
        if raw.startswith(magic):
            raise ReportError(f"{filename}: this is {what}, not a text report")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    if b"\x00" in raw[:65536]:
        raise ReportError(f"{filename}: binary content (NUL bytes), not a text report")


def _declared_charset(raw: bytes) -> str | None:
    match = _META_CHARSET.search(raw[:8192])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode(raw: bytes, filename: str, *, declared: str | None) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw[3:], "utf-8", filename)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(raw, "utf-16", filename)
    for encoding in ("utf-8", declared):
        if encoding:
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                pass
    if len(raw) <= _SHORT_INPUT:
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            pass
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        raise ReportError(f"{filename}: the bytes are not text in any known encoding")
    return str(best)


def _strict(raw: bytes, encoding: str, filename: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise ReportError(
            f"{filename}: starts with a {encoding} byte-order mark but is not valid {encoding} "
            f"(byte {error.start})"
        ) from None


def _refuse_control_characters(text: str, filename: str) -> None:
    sample = text[:65536]
    if sample and len(_CONTROL.findall(sample)) > _MAX_CONTROL_SHARE * len(sample):
        raise ReportError(f"{filename}: binary content (control characters), not a text report")


def _from_html(html: str, filename: str) -> DecodedDocument:
    extracted = trafilatura.bare_extraction(
        html, include_comments=False, with_metadata=True, include_tables=True
    )
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        # Tiny or unusual pages defeat the article heuristics; the baseline keeps body text.
        text = trafilatura.baseline(html)[1]
    if not text or not text.strip():
        raise ReportError(f"{filename}: the HTML page has no article text")
    return DecodedDocument(
        text=text,
        title=_clean(getattr(extracted, "title", None)),
        publisher=_clean(getattr(extracted, "sitename", None)),
        published=_parse_date(getattr(extracted, "date", None)),
        is_html=True,
    )


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value else None


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
