"""Read: raw bytes and a file name → `DecodedDocument` (text plus title/date/publisher if known).

In: the bytes of a `.txt`, `.md`, `.html` or `.htm` file. Out: decoded text; for HTML pages only
the article text (navigation, footers, scripts and comment boxes dropped) with the page's title,
date and site name. UTF-8, GB18030 and UTF-16 (with or without a byte-order mark) are read;
PDF and Word documents go to their own readers (`ingest.pdf`, `ingest.docx`), which return the
same record. Refuses, with a `ReportError` naming the file: empty content, or only whitespace, a
byte-order mark or zero-width characters; other binary formats (ZIP, images, NUL bytes anywhere)
and bytes no known encoding decodes.
"""

from __future__ import annotations

import codecs
import re
from datetime import date

import charset_normalizer

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
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Zero-width characters and stray byte-order marks show nothing: a file of only these is empty.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# What report text is made of: ASCII and Latin-1, general and CJK punctuation, CJK ideographs
# and full-width forms.
_TEXT_CHARACTER = re.compile(
    "[\t\n\r\x20-\x7e\u00a0-\u00ff\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
)
_MIN_TEXT_SHARE = 0.95
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
    utf16 = _refuse_binary(raw, filename)
    looks_html = filename.lower().endswith(_HTML_SUFFIXES) or bool(_HTML_SNIFF.search(raw[:2048]))
    if utf16 is not None:
        text = utf16
    else:
        text = _decode(raw, filename, declared=_declared_charset(raw) if looks_html else None)
    _refuse_control_characters(text, filename)
    if "\x00" in text:
        # PostgreSQL text cannot hold NUL; a text report never has one.
        raise ReportError(f"{filename}: binary content (NUL characters), not a text report")
    if not _INVISIBLE.sub("", text).strip():
        if text.strip():
            raise ReportError(
                f"{filename}: the file is empty (only a byte-order mark and invisible characters)"
            )
        if raw.startswith(_BOMS):
            raise ReportError(f"{filename}: the file is empty (only a byte-order mark)")
        raise ReportError(f"{filename}: the file contains only whitespace")
    if looks_html:
        return _from_html(text, filename)
    return DecodedDocument(text=text)


def _refuse_binary(raw: bytes, filename: str) -> str | None:
    """Raise for binary content; return the text of UTF-16 written without a byte-order mark."""
    for magic, what in _MAGIC_NUMBERS:
        if raw.startswith(magic):
            raise ReportError(f"{filename}: this is {what}, not a text report")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\x00" in raw:
        text = utf16_without_bom(raw)
        if text is None:
            raise ReportError(f"{filename}: binary content (NUL bytes), not a text report")
        return text
    return None


def utf16_without_bom(raw: bytes) -> str | None:
    """The text of UTF-16 bytes that lack a byte-order mark, else None.

    Digits, line breaks and ASCII punctuation put a NUL byte beside each of their bytes, which
    is how such a file is told from binary data: read in the right byte order nearly every
    character is text, read in the wrong one or from binary data far from all of them are.
    """
    best: tuple[float, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:32768]
        share = len(_TEXT_CHARACTER.findall(sample)) / max(1, len(sample))
        if share >= _MIN_TEXT_SHARE and (best is None or share > best[0]):
            best = (share, text)
    return best[1] if best else None


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
    # Imported for the first page: trafilatura and what it loads take a tenth of a second, which a
    # batch of text reports (and each worker process that extracts one) need not pay.
    import trafilatura

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
