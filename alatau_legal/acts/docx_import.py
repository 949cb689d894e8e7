"""Turn an uploaded Word (.docx) draft into the structured text of `acts/README.md`.

`docx_to_text` first inspects the package itself (size, zip structure, zip-bomb limits, entry
names, encryption, DOCTYPE/ENTITY declarations in every XML part, the main document's content
type) and only then lets python-docx read it. Anything it refuses raises `DocxImportError`,
whose `status` is the HTTP status the upload should get:

- 413: the file, or what it unpacks to, is larger than the limits;
- 415: the file is not a Word document at all (empty, text, PDF, .doc, .xlsx, .odt, a zip);
- 400: a Word document that is broken or hostile (damaged zip, zip bomb, path traversal,
  encrypted entries, DOCTYPE/ENTITY declarations, malformed XML, no text).

The text comes out one Word paragraph per line with a blank line between paragraphs (a
paragraph in a continuation style of the app's official draft follows the one before directly:
it is the next line of the same provision); Word's
automatic list numbers are rendered in front of their paragraphs ("3.", "3)"), table rows
become lines of cells joined by " | ", and a bare heading such as "ГЛАВА 1" is followed
directly (no blank line) by a bold or heading-styled title paragraph, so the parser takes it
as the heading's title. An approval stamp laid out over several paragraphs or manual line
breaks (`Утверждены` / `постановлением Правительства` / ... / `от 12 марта 2026 года № 145`)
becomes one line, as the parser reads it (`parser.approval_stamps`); so does a stamp or an
annex heading that a one-row layout table places (an empty cell beside it), and the heading of
an annex of rules over paragraphs (`Приложение 1` / `к Правилам ...`), which ends where the
alignment changes. A chapter numbered like a point and set off as a heading (`1. Жалпы
ережелер`, bold or centred) is written as the chapter it is (`1-тарау. Жалпы ережелер`).
External relationships (remote images, attached templates) are never followed.
"""

from __future__ import annotations

import io
import itertools
import logging
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element, ParseError

import docx
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from defusedxml.ElementTree import fromstring as safe_fromstring
from docx.exceptions import PythonDocxError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _ln
from lxml import etree

from ..documents.styles import release
from ..i18n import lazy_join
from .text.model import Kind
from .text.parser import (
    LEVEL,
    approval_stamps,
    classify,
    normalize_line,
    reads_as_chapter_title,
)
from .text.render import heading_line

if TYPE_CHECKING:
    from docx.document import Document

__all__ = ["DocxImportError", "DocxText", "docx_to_text", "read_docx"]

log = logging.getLogger(__name__)

# --- limits -------------------------------------------------------------------------------

_READ_CHUNK = 64 * 1024
# An entry that unpacks to more than this many times its packed size is treated as a zip
# bomb; real Word XML packs about 5-20 times, pictures barely at all.
_MAX_RATIO = 200
# Entries smaller than this are never judged by their ratio (tiny repetitive parts pack well).
_RATIO_FLOOR = 1 * 2**20
# The title block of the app's own official draft (documents/styles.py): its number, status
# and title are the act's metadata, not its text, and are left out as a table of contents is.
_FRONT_MATTER_STYLES = frozenset({"alatau title block", "alatau act title"})
# Its continuation styles: a provision's next line (or a paragraph's editorial note) written as
# a Word paragraph of its own, joined to the paragraph before without a blank line.
_CONTINUATION_STYLES = frozenset(
    {"alatau continuation", "alatau note continuation", "alatau signature continuation"}
)
# The longest paragraph that still counts as a heading when it is entirely bold.
_HEADING_MAX_CHARS = 200
# How far a chain of `w:basedOn` styles is followed (a hostile file may make it a loop).
_MAX_STYLE_DEPTH = 32

# --- OOXML names --------------------------------------------------------------------------

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag."""
    return f"{{{_W_NS}}}{tag}"


_W_VAL = _w("val")
_P, _TBL, _TR, _TC, _R = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r")
_T, _PPR, _RPR = _w("t"), _w("pPr"), _w("rPr")
_PSTYLE_PATH = f"{_PPR}/{_w('pStyle')}"
_NUMPR_PATH = f"{_PPR}/{_w('numPr')}"
_OUTLINE_PATH = f"{_PPR}/{_w('outlineLvl')}"
_BOLD_PATH = f"{_RPR}/{_w('b')}"
_JC_PATH = f"{_PPR}/{_w('jc')}"
_RSTYLE_PATH = f"{_RPR}/{_w('rStyle')}"
_VANISH_PATH = f"{_RPR}/{_w('vanish')}"
# Containers whose block children (paragraphs, tables) belong to the body or cell around them.
_BLOCK_WRAPPERS = frozenset({_w("sdt"), _w("sdtContent"), _w("customXml")})
# Inside a paragraph: subtrees whose runs are not shown (deleted or moved-away text,
# duplicate fallback content, properties).
_SKIPPED_IN_PARAGRAPH = frozenset(
    {_PPR, _w("del"), _w("moveFrom"), f"{{{_MC_NS}}}Fallback", _w("txbxContent")}
)
_RUN_TEXT = {
    _w("tab"): "\t",
    _w("ptab"): "\t",
    _w("br"): "\n",
    _w("cr"): "\n",
    _w("noBreakHyphen"): "-",
}

_OFFICE_DOCUMENT_REL = "/officeDocument"
_WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_WORD_MACRO = "application/vnd.ms-word.document.macroEnabled.main+xml"
_WORD_TEMPLATES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    }
)

# --- messages -----------------------------------------------------------------------------

# Messages are lazily translated: the drafter reads them in the interface's language.
_SAVE_AS_DOCX = _l(
    "Open it in Word, choose File › Save As › Word Document (*.docx) and upload that file."
)
_RESAVE = _l(
    "Open the draft in Word, save it again as Word Document (*.docx) and upload that file."
)

MSG_EMPTY = _l("The file is empty (0 bytes). Choose the Word document (.docx) again and upload it.")
MSG_NOT_DOCX = lazy_join([_l("The file is not a Word document (.docx)."), _SAVE_AS_DOCX], " ")
MSG_OLE = _l(
    "The file is an old-format Word document (.doc) or a password-protected file, not a .docx. "
    "Remove any password, then open it in Word, choose File › Save As › Word Document (*.docx) "
    "and upload that file."
)
MSG_PDF = _l(
    "The file is a PDF, not a Word document (.docx). Upload the Word file the draft was written "
    "in, or open the PDF in Word and save it as Word Document (*.docx)."
)
MSG_RTF = lazy_join(
    [_l("The file is in Rich Text Format (.rtf), not a Word document (.docx)."), _SAVE_AS_DOCX],
    " ",
)
MSG_ODT = lazy_join(
    [_l("The file is an OpenDocument text (.odt), not a Word document (.docx)."), _SAVE_AS_DOCX],
    " ",
)
MSG_XLSX = lazy_join(
    [_l("The file is an Excel workbook, not a Word document (.docx)."), _SAVE_AS_DOCX], " "
)
MSG_PPTX = lazy_join(
    [_l("The file is a PowerPoint presentation, not a Word document (.docx)."), _SAVE_AS_DOCX],
    " ",
)
MSG_DOCM = lazy_join(
    [
        _l("The file is a macro-enabled Word document (.docm); macros are not accepted."),
        _SAVE_AS_DOCX,
    ],
    " ",
)
MSG_DOTX = _l(
    "The file is a Word template (.dotx), not a document. Create a document from it in Word, "
    "save it as Word Document (*.docx) and upload that file."
)
MSG_DAMAGED = lazy_join(
    [
        _l("The Word document is damaged or incomplete (perhaps the upload was interrupted)."),
        _RESAVE,
    ],
    " ",
)
MSG_ZIP_BOMB = lazy_join(
    [
        _l(
            "The Word document contains a part that unpacks to far more than its packed size "
            "(a 'zip bomb'), so it was refused as unsafe."
        ),
        _RESAVE,
    ],
    " ",
)
MSG_UNSAFE_NAME = lazy_join(
    [
        _l(
            "The Word document contains a file name that points outside the document ('..' or "
            "an absolute path), so it was refused as unsafe."
        ),
        _RESAVE,
    ],
    " ",
)
MSG_ENCRYPTED = _l(
    "The Word document is encrypted or password-protected. Remove the password in Word "
    "(File › Info › Protect Document), save it as Word Document (*.docx) and upload it again."
)
MSG_DTD = lazy_join(
    [
        _l(
            "The Word document contains XML declarations (DOCTYPE or ENTITY) that Word never "
            "writes and that are used in attacks, so it was refused as unsafe."
        ),
        _RESAVE,
    ],
    " ",
)
MSG_NO_TEXT = _l(
    "The Word document contains no text to import (a scanned draft holds only pictures). "
    "Upload the Word file the draft was typed in, or type or paste its text."
)


def _msg_too_large(size: int, limit: int):
    """The message for a file larger than `limit` bytes."""
    return _l(
        "The file is %(size)s, larger than the %(limit)s limit for Word documents. Remove large "
        "pictures or split the draft, then upload it again.",
        size=_human_size(size),
        limit=_human_size(limit),
    )


def _msg_unpacks_too_large(limit: int):
    """The message for a package whose entries unpack to more than `limit` bytes."""
    return _l(
        "The Word document unpacks to more than %(limit)s, more than a draft act needs. Remove "
        "large pictures or embedded files, or split the draft, then upload it again.",
        limit=_human_size(limit),
    )


def _msg_too_many_parts(count: int, limit: int):
    """The message for a package with more than `limit` entries."""
    return lazy_join(
        [
            _l(
                "The Word document is made of %(count)s parts, more than the %(limit)s an "
                "ordinary Word document has, so it was refused as damaged or unsafe.",
                count=count,
                limit=limit,
            ),
            _RESAVE,
        ],
        " ",
    )


def _msg_bad_xml(name: str):
    """The message for a part that is not well-formed XML."""
    return lazy_join(
        [
            _l(
                "The Word document is damaged: its part %(name)s is not well-formed XML.", name=name
            ),
            _RESAVE,
        ],
        " ",
    )


def _human_size(size: int) -> str:
    """A byte count as "10 MB", "10.1 MB", "300 KB" or "12 bytes", rounded up."""
    for unit, scale in (("MB", 2**20), ("KB", 2**10)):
        if size >= scale:
            # Rounded up, so a file just over a 10 MB limit reads "10.1 MB", never "10 MB".
            tenths = -(-size * 10 // scale)
            return f"{tenths / 10:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


class DocxImportError(Exception):
    """An upload that cannot be imported: a message for the drafter and an HTTP status."""

    def __init__(self, message, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class DocxText:
    """The structured text of a Word file and what the drafter should know about reading it."""

    text: str
    notes: tuple[LazyString, ...] = ()  # shown in the reader's language (errors.english)


def docx_to_text(
    data: bytes,
    *,
    max_bytes: int,
    max_uncompressed_bytes: int = 50 * 2**20,
    max_parts: int = 2000,
) -> str:
    """Return the structured text of a .docx upload, or raise `DocxImportError`."""
    return read_docx(
        data,
        max_bytes=max_bytes,
        max_uncompressed_bytes=max_uncompressed_bytes,
        max_parts=max_parts,
    ).text


def read_docx(
    data: bytes,
    *,
    max_bytes: int,
    max_uncompressed_bytes: int = 50 * 2**20,
    max_parts: int = 2000,
) -> DocxText:
    """The structured text of a .docx upload and notes on how it was read, or raise."""
    _check_package(
        data,
        max_bytes=max_bytes,
        max_uncompressed_bytes=max_uncompressed_bytes,
        max_parts=max_parts,
    )
    try:
        document = docx.Document(io.BytesIO(data))
        converter = _Converter(document)
        blocks = converter.blocks()
        notes = converter.notes()
        del converter
        release(document)  # freed now, not at the next full garbage collection
    except (
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        IndexError,
        AttributeError,
        etree.LxmlError,
        OpcError,
        PythonDocxError,
    ) as exc:
        raise DocxImportError(MSG_DAMAGED, 400) from exc
    except Exception as exc:
        # The package passed every check above, so whatever python-docx or lxml still trips
        # over is a broken file, not a reason for a 500: this is the hostile-input boundary.
        log.warning("DOCX import failed in python-docx", exc_info=True)
        raise DocxImportError(MSG_DAMAGED, 400) from exc
    if not blocks:
        raise DocxImportError(MSG_NO_TEXT, 400)
    blocks = _numbered_chapter_headings(_merge_stamps(blocks))
    return DocxText(_join_blocks(_merge_title_lines(blocks)), notes)


def _msg_tracked_changes(insertions: int, deletions: int) -> LazyString:
    """The note for a file whose tracked changes were not accepted or rejected in Word."""
    total = insertions + deletions
    parts = (
        _ln(
            "The Word file has %(num)s tracked change nobody accepted or rejected",
            "The Word file has %(num)s tracked changes nobody accepted or rejected",
            total,
        ),
        _ln("%(num)s insertion", "%(num)s insertions", insertions),
        _ln("%(num)s deletion", "%(num)s deletions", deletions),
        _l(
            "The text was imported as if every change were accepted: inserted text is in, "
            "deleted text is out. If that is not what you meant, review the changes in Word "
            "(Review › Accept / Reject) and import the file again."
        ),
    )
    return LazyString(lambda: "{} ({}, {}). {}".format(*(str(part) for part in parts)))


# --- the package checks -------------------------------------------------------------------


def _check_package(
    data: bytes, *, max_bytes: int, max_uncompressed_bytes: int, max_parts: int
) -> None:
    """Refuse anything python-docx should not be handed."""
    if len(data) > max_bytes:
        raise DocxImportError(_msg_too_large(len(data), max_bytes), 413)
    if not data:
        raise DocxImportError(MSG_EMPTY, 415)
    stream = io.BytesIO(data)
    if not zipfile.is_zipfile(stream):
        raise DocxImportError(*_not_a_zip(data))
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
            _check_entries(
                infos, max_uncompressed_bytes=max_uncompressed_bytes, max_parts=max_parts
            )
            content_types = _content_types(_check_is_word(archive))
            for info in infos:
                if not info.is_dir():
                    _check_entry_content(archive, info, content_types)
    except DocxImportError:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        raise DocxImportError(MSG_DAMAGED, 400) from exc


def _not_a_zip(data: bytes) -> tuple[str, int]:
    """The message and status for bytes that are not a zip archive."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return MSG_OLE, 415
    if data.lstrip().startswith(b"%PDF"):
        return MSG_PDF, 415
    if data.lstrip().startswith(b"{\\rtf"):
        return MSG_RTF, 415
    if data.startswith(b"PK\x03\x04"):
        # A zip's local header without a readable central directory: a cut-off upload.
        return MSG_DAMAGED, 400
    return MSG_NOT_DOCX, 415


def _check_entries(
    infos: list[zipfile.ZipInfo], *, max_uncompressed_bytes: int, max_parts: int
) -> None:
    """Check the entry list alone: count, names, encryption, methods and declared sizes."""
    if len(infos) > max_parts:
        raise DocxImportError(_msg_too_many_parts(len(infos), max_parts), 400)
    names: set[str] = set()
    total = 0
    for info in infos:
        if _is_unsafe_name(info.filename):
            raise DocxImportError(MSG_UNSAFE_NAME, 400)
        if info.filename.lower() in names:
            raise DocxImportError(MSG_DAMAGED, 400)
        names.add(info.filename.lower())
        if info.flag_bits & 0x41:  # bit 0: encrypted; bit 6: strong encryption
            raise DocxImportError(MSG_ENCRYPTED, 400)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise DocxImportError(MSG_DAMAGED, 400)
        total += info.file_size
        if total > max_uncompressed_bytes:
            raise DocxImportError(_msg_unpacks_too_large(max_uncompressed_bytes), 413)
        if info.file_size > _RATIO_FLOOR and info.file_size > _MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise DocxImportError(MSG_ZIP_BOMB, 400)


def _is_unsafe_name(name: str) -> bool:
    """Whether a zip entry name is absolute, climbs out with '..' or holds odd characters."""
    if not name or "\x00" in name or name.startswith(("/", "\\")):
        return True
    if re.match(r"[A-Za-z]:", name):
        return True
    return any(part == ".." for part in re.split(r"[/\\]", name))


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Read one entry, never more than its declared size (a lying header is a zip bomb)."""
    chunks: list[bytes] = []
    size = 0
    with archive.open(info) as stream:
        while chunk := stream.read(_READ_CHUNK):
            size += len(chunk)
            if size > info.file_size:
                raise DocxImportError(MSG_ZIP_BOMB, 400)
            chunks.append(chunk)
    return b"".join(chunks)


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """Read the entry called `name`, or None when there is none."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    return _read_entry(archive, info)


def _parse_safely(name: str, data: bytes) -> Element:
    """Parse a small package part (content types, relationships), refusing DTDs."""
    try:
        return safe_fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise DocxImportError(MSG_DTD, 400) from exc
    except ParseError as exc:
        raise DocxImportError(_msg_bad_xml(name), 400) from exc


class _NullTarget:
    """A parser target that builds nothing: parsing only checks the XML."""

    def close(self) -> None:
        """Finish parsing."""


def _check_xml(name: str, data: bytes) -> None:
    """Refuse a part with a DOCTYPE or ENTITY declaration or that is not well-formed XML."""
    parser = DefusedXMLParser(
        target=_NullTarget(), forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    try:
        parser.feed(data)
        parser.close()
    except DefusedXmlException as exc:
        raise DocxImportError(MSG_DTD, 400) from exc
    except ParseError as exc:
        raise DocxImportError(_msg_bad_xml(name), 400) from exc


def _check_is_word(archive: zipfile.ZipFile) -> Element:
    """Refuse a zip that is not a Word document; return its parsed `[Content_Types].xml`."""
    mimetype = _read_member(archive, "mimetype")
    if mimetype is not None and mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise DocxImportError(MSG_ODT, 415)
    types_xml = _read_member(archive, "[Content_Types].xml")
    rels_xml = _read_member(archive, "_rels/.rels")
    if types_xml is None or rels_xml is None:
        raise DocxImportError(MSG_NOT_DOCX, 415)
    main = _main_part_name(_parse_safely("_rels/.rels", rels_xml))
    types = _parse_safely("[Content_Types].xml", types_xml)
    content_type = _content_type_of(types, main).lower()
    if "spreadsheetml" in content_type or "ms-excel" in content_type:
        raise DocxImportError(MSG_XLSX, 415)
    if "presentationml" in content_type or "ms-powerpoint" in content_type:
        raise DocxImportError(MSG_PPTX, 415)
    if content_type == _WORD_MACRO.lower():
        raise DocxImportError(MSG_DOCM, 415)
    if content_type in _WORD_TEMPLATES:
        raise DocxImportError(MSG_DOTX, 415)
    if content_type != _WORD_MAIN or main is None or main not in archive.namelist():
        raise DocxImportError(MSG_NOT_DOCX, 415)
    return types


def _main_part_name(rels: Element) -> str | None:
    """The zip entry name of the package's main part, from `_rels/.rels`."""
    for rel in rels.iter(f"{{{_REL_NS}}}Relationship"):
        if rel.get("TargetMode", "Internal") == "External":
            continue
        if rel.get("Type", "").endswith(_OFFICE_DOCUMENT_REL):
            name = posixpath.normpath("/" + rel.get("Target", "")).lstrip("/")
            return name or None
    return None


def _content_types(types: Element) -> tuple[dict[str, str], dict[str, str]]:
    """The content-type overrides (by part name) and defaults (by extension), lower-cased."""
    overrides = {
        el.get("PartName", "").lstrip("/").lower(): el.get("ContentType", "").lower()
        for el in types.iter(f"{{{_CT_NS}}}Override")
    }
    defaults = {
        el.get("Extension", "").lower(): el.get("ContentType", "").lower()
        for el in types.iter(f"{{{_CT_NS}}}Default")
    }
    return overrides, defaults


def _content_type_of(types: Element, name: str | None) -> str:
    """The content type `[Content_Types].xml` gives the part `name` ("" when none)."""
    if name is None:
        return ""
    for el in types.iter(f"{{{_CT_NS}}}Override"):
        if el.get("PartName", "").lstrip("/").lower() == name.lower():
            return el.get("ContentType", "")
    extension = posixpath.splitext(name)[1].lstrip(".").lower()
    for el in types.iter(f"{{{_CT_NS}}}Default"):
        if el.get("Extension", "").lower() == extension:
            return el.get("ContentType", "")
    return ""


def _check_entry_content(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    content_types: tuple[dict[str, str], dict[str, str]],
) -> None:
    """Read one entry with a bounded read and, if it is XML, check it before python-docx does."""
    data = _read_entry(archive, info)
    overrides, defaults = content_types
    name = info.filename.lower()
    content_type = overrides.get(name) or defaults.get(posixpath.splitext(name)[1].lstrip("."), "")
    if name.endswith((".xml", ".rels")) or content_type.endswith("xml"):
        _check_xml(info.filename, data)


# --- the conversion -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Block:
    """One block of output text: a Word paragraph or a table."""

    text: str
    heading: bool = False
    continues: bool = False  # the next line of the block before (a continuation style)
    table: bool = False
    align: str = ""  # the paragraph's alignment (`w:jc`: "center", "right", ...), "" if none

    @property
    def centred(self) -> bool:
        """Whether the paragraph is centred, as drafts set off their headings."""
        return self.align == "center"


def _on(element: etree._Element | None) -> bool | None:
    """The value of an on/off property element (`<w:b/>`, `<w:b w:val="0"/>`), None if absent."""
    if element is None:
        return None
    return element.get(_W_VAL, "true").lower() not in ("0", "false", "off", "none")


def _int(value: str | None) -> int | None:
    """A decimal attribute value, or None when it is missing or not a number."""
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


@dataclass(frozen=True)
class _StyleInfo:
    """What the conversion needs to know of one style, its `w:basedOn` chain included."""

    heading: bool
    toc: bool
    bold: bool | None
    num_pr: etree._Element | None
    continuation: bool = False


class _Styles:
    """The paragraph and character styles of a document, with their `w:basedOn` chains."""

    def __init__(self, document: Document) -> None:
        self._by_id: dict[str, etree._Element] = {}
        self._info: dict[str | None, _StyleInfo] = {}
        self.default_paragraph: str | None = None
        for style in document.styles.element.iterchildren(_w("style")):
            style_id = style.get(_w("styleId"))
            if style_id is None:
                continue
            self._by_id.setdefault(style_id, style)
            is_default = style.get(_w("default"), "").lower() in ("1", "true", "on")
            if is_default and style.get(_w("type")) == "paragraph":
                self.default_paragraph = style_id

    def chain(self, style_id: str | None) -> Iterator[etree._Element]:
        """The style `style_id` and the styles it is based on, nearest first."""
        seen: set[str] = set()
        while style_id is not None and style_id not in seen and len(seen) < _MAX_STYLE_DEPTH:
            seen.add(style_id)
            style = self._by_id.get(style_id)
            if style is None:
                return
            yield style
            based_on = style.find(_w("basedOn"))
            style_id = based_on.get(_W_VAL) if based_on is not None else None

    def paragraph_style(self, p: etree._Element) -> str | None:
        """The id of the paragraph style of `p` (the default paragraph style if it has none)."""
        style = p.find(_PSTYLE_PATH)
        style_id = style.get(_W_VAL) if style is not None else None
        return style_id if style_id in self._by_id else self.default_paragraph

    def info(self, style_id: str | None) -> _StyleInfo:
        """What style `style_id` makes of a paragraph or run (worked out once per style)."""
        info = self._info.get(style_id)
        if info is None:
            info = self._info[style_id] = _StyleInfo(
                heading=self._is_heading(style_id),
                toc=re.fullmatch(r"toc [1-9]|toc heading", self._name(style_id)) is not None
                or self._name(style_id) in _FRONT_MATTER_STYLES,
                bold=_on(self.first(style_id, _BOLD_PATH)),
                num_pr=self.first(style_id, _NUMPR_PATH),
                continuation=self._name(style_id) in _CONTINUATION_STYLES,
            )
        return info

    def first(self, style_id: str | None, path: str) -> etree._Element | None:
        """The first element at `path` in the style chain of `style_id`."""
        for style in self.chain(style_id):
            found = style.find(path)
            if found is not None:
                return found
        return None

    def _name(self, style_id: str | None) -> str:
        """The lower-cased name of a style ("" when it has none)."""
        style = self._by_id.get(style_id or "")
        name = style.find(_w("name")) if style is not None else None
        return (name.get(_W_VAL, "") if name is not None else "").strip().lower()

    def _is_heading(self, style_id: str | None) -> bool:
        """Whether a paragraph style is (based on) a Word heading or title style."""
        for style in self.chain(style_id):
            name = style.find(_w("name"))
            if name is not None and re.fullmatch(
                r"heading [1-9]|title|subtitle", name.get(_W_VAL, "").strip().lower()
            ):
                return True
            if _is_outline_level(style):
                return True
        return False


def _is_outline_level(element: etree._Element) -> bool:
    """Whether a style or paragraph has an outline level of a heading (0-8; 9 is body text)."""
    level = element.find(_OUTLINE_PATH)
    value = _int(level.get(_W_VAL)) if level is not None else None
    return value is not None and 0 <= value <= 8


@dataclass(frozen=True)
class _Level:
    """One level of a Word list: how its number starts, counts and is written."""

    start: int = 0
    fmt: str = "decimal"
    text: str | None = None
    restart: int | None = None
    legal: bool = False
    style: str | None = None

    @classmethod
    def parse(cls, lvl: etree._Element) -> _Level:
        """Read a `w:lvl` element."""

        def val(tag: str) -> str | None:
            found = lvl.find(_w(tag))
            return found.get(_W_VAL) if found is not None else None

        fmt = val("numFmt")
        if fmt is None:  # Word 2010 wraps custom formats in mc:AlternateContent
            fallback = lvl.find(f"{{{_MC_NS}}}AlternateContent/{{{_MC_NS}}}Fallback/{_w('numFmt')}")
            fmt = fallback.get(_W_VAL) if fallback is not None else None
        return cls(
            start=_int(val("start")) or 0,
            fmt=fmt or "decimal",
            text=val("lvlText"),
            restart=_int(val("lvlRestart")),
            legal=bool(_on(lvl.find(_w("isLgl")))),
            style=val("pStyle"),
        )


class _Numbering:
    """Word's automatic list numbering: renders the number of each numbered paragraph."""

    def __init__(self, numbering: etree._Element | None, styles: _Styles) -> None:
        self._styles = styles
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._style_links: dict[str, str] = {}
        self._nums: dict[str, tuple[str, dict[int, _Level], dict[int, int]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        if numbering is None:
            return
        for abstract in numbering.iterchildren(_w("abstractNum")):
            abstract_id = abstract.get(_w("abstractNumId"), "")
            self._abstract[abstract_id] = {
                ilvl: _Level.parse(lvl)
                for lvl in abstract.iterchildren(_w("lvl"))
                if (ilvl := _int(lvl.get(_w("ilvl")))) is not None
            }
            link = abstract.find(_w("numStyleLink"))
            if link is not None and link.get(_W_VAL):
                self._style_links[abstract_id] = link.get(_W_VAL, "")
        for num in numbering.iterchildren(_w("num")):
            abstract_ref = num.find(_w("abstractNumId"))
            if abstract_ref is None:
                continue
            levels: dict[int, _Level] = {}
            starts: dict[int, int] = {}
            for override in num.iterchildren(_w("lvlOverride")):
                ilvl = _int(override.get(_w("ilvl")))
                if ilvl is None:
                    continue
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    levels[ilvl] = _Level.parse(lvl)
                start = override.find(_w("startOverride"))
                if start is not None and (value := _int(start.get(_W_VAL))) is not None:
                    starts[ilvl] = value
            self._nums[num.get(_w("numId"), "")] = (abstract_ref.get(_W_VAL, ""), levels, starts)

    def _levels(self, num_id: str) -> tuple[dict[int, _Level], dict[int, int]] | None:
        """The levels of list `num_id` (overrides applied) and their start values."""
        num = self._nums.get(num_id)
        if num is None:
            return None
        abstract_id, overrides, start_overrides = num
        levels = self._abstract.get(abstract_id, {})
        if not levels and abstract_id in self._style_links:
            # A list defined by a numbering style: follow the style to its own list, once.
            linked = self._styles.first(self._style_links[abstract_id], _NUMPR_PATH)
            linked_num = linked.find(_w("numId")) if linked is not None else None
            target = self._nums.get(linked_num.get(_W_VAL, "")) if linked_num is not None else None
            if target is not None:
                levels = self._abstract.get(target[0], {})
        levels = {**levels, **overrides}
        starts = {ilvl: start_overrides.get(ilvl, level.start) for ilvl, level in levels.items()}
        return levels, starts

    def number(self, p: etree._Element, style_id: str | None) -> str | None:
        """Count paragraph `p` in its list and return its rendered number, if it has one."""
        direct = p.find(_NUMPR_PATH)
        num_id = ilvl = None
        if direct is not None:
            num_id, ilvl = _num_pr(direct)
        if num_id is None:
            styled = self._styles.info(style_id).num_pr
            if styled is not None:
                num_id, style_ilvl = _num_pr(styled)
                ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0":
            return None
        found = self._levels(num_id)
        if found is None:
            return None
        levels, starts = found
        if ilvl is None:
            ilvl = next((i for i, lvl in levels.items() if lvl.style == style_id), 0)
        return self._advance(num_id, ilvl, levels, starts)

    def _advance(
        self, num_id: str, ilvl: int, levels: dict[int, _Level], starts: dict[int, int]
    ) -> str | None:
        """Count one more paragraph at `ilvl` of list `num_id` and render its number."""
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self._counters.setdefault(num_id, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else starts[ilvl]
        for deeper in [k for k in counters if k > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            # Word restarts a level whenever a shallower one is used, or, with lvlRestart=n,
            # whenever level n (1-based) or a shallower one is used; 0 means never.
            if restart is None or ilvl < restart:
                del counters[deeper]
        if level.fmt == "bullet":
            return "-"
        if level.text is None:
            return None

        def render(match: re.Match[str]) -> str:
            j = int(match[1]) - 1
            if j not in levels:
                return ""
            value = counters.get(j, starts[j])
            return _format_number(value, "decimal" if level.legal else levels[j].fmt)

        return re.sub(r"%([1-9])", render, level.text).strip() or None


def _num_pr(num_pr: etree._Element) -> tuple[str | None, int | None]:
    """The numId and ilvl of a `w:numPr` element."""
    num_id = num_pr.find(_w("numId"))
    ilvl = num_pr.find(_w("ilvl"))
    level = _int(ilvl.get(_W_VAL)) if ilvl is not None else None
    return (
        num_id.get(_W_VAL) if num_id is not None else None,
        level if level is None or 0 <= level <= 8 else None,
    )


# Beyond this many rounds of an alphabet (zzz…) letter numbers are written as decimals, so a
# hostile start value cannot make a number millions of characters long.
_MAX_LETTER_ROUNDS = 30
_LATIN = "abcdefghijklmnopqrstuvwxyz"
_RUSSIAN = "абвгдежзиклмнопрстуфхцчшщэюя"  # Word skips ё, й, ъ, ы, ь
_ALPHABETS = {
    "lowerLetter": _LATIN,
    "upperLetter": _LATIN,
    "russianLower": _RUSSIAN,
    "russianUpper": _RUSSIAN,
}
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def _format_number(value: int, fmt: str) -> str:
    """Write a list counter in a Word number format (decimal for formats not known here)."""
    if fmt == "none":
        return ""
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        roman = ""
        for amount, numeral in _ROMAN:
            count, value = divmod(value, amount)
            roman += numeral * count
        return roman.upper() if fmt == "upperRoman" else roman
    alphabet = _ALPHABETS.get(fmt)
    if alphabet is not None and 0 < value <= _MAX_LETTER_ROUNDS * len(alphabet):
        # Word goes a, b, …, z, aa, bb, …: the letter repeats once more every round.
        letters = alphabet[(value - 1) % len(alphabet)] * ((value - 1) // len(alphabet) + 1)
        return letters.upper() if fmt in ("upperLetter", "russianUpper") else letters
    return str(value)


# Characters that plain text cannot hold or that only disturb it.
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2000-\u200a\u3000]")
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u2060\ufeff\ufffe\uffff]"
)
_RUNS_OF_SPACES = re.compile(r" {2,}")

_NUMBER = r"(?:\d+|[ivxlcdm]+)(?:[.\-]\d+)*"
# A heading that has only its number, whose title is the next paragraph ("ГЛАВА 1").
_BARE_HEADING = re.compile(
    rf"(?:(?:section|chapter|subchapter|article|annex|раздел|глава|параграф|статья|приложение)"
    rf"\s+{_NUMBER}"
    rf"|{_NUMBER}\s*-\s*(?:бөлім|тарау|параграф|бап|қосымша))\.?",
    re.IGNORECASE,
)
# The start of a line that begins a provision of its own, which can never be a title.
_STARTS_PROVISION = re.compile(
    rf"{_NUMBER}[.)]\s|(?:section|chapter|subchapter|article|annex|note|раздел|глава|параграф"
    r"|статья|приложение|примечание|ескерту)\b",
    re.IGNORECASE,
)


def _clean(text: str) -> str:
    """Normalise spaces and line breaks and drop characters plain text cannot hold."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _SPACES.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    lines = (_RUNS_OF_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


class _Converter:
    """Walks the body of a python-docx document and produces the blocks of output text."""

    def __init__(self, document: Document) -> None:
        self._styles = _Styles(document)
        try:
            numbering = document.part.part_related_by(RT.NUMBERING).element
        except KeyError:
            numbering = None
        self._numbering = _Numbering(numbering, self._styles)
        self._body = document.element.body

    def notes(self) -> tuple[LazyString, ...]:
        """What the drafter should know: tracked changes taken as accepted."""
        insertions = sum(1 for _ in self._body.iter(_w("ins"), _w("moveTo")))
        deletions = sum(1 for _ in self._body.iter(_w("del"), _w("moveFrom")))
        if insertions or deletions:
            return (_msg_tracked_changes(insertions, deletions),)
        return ()

    def blocks(self) -> list[_Block]:
        """The blocks of the document body, in order."""
        return list(self._blocks_in(self._body))

    def _blocks_in(self, container: etree._Element) -> Iterator[_Block]:
        """The blocks of the paragraphs and tables directly in `container`, in order."""
        for child in container.iterchildren():
            if child.tag == _P:
                yield from self._paragraph(child)
                continue
            if child.tag == _TBL:
                block = self._table(child)
            elif child.tag in _BLOCK_WRAPPERS:
                yield from self._blocks_in(child)
                continue
            else:
                continue
            if block is not None:
                yield block

    def _paragraph(self, p: etree._Element) -> list[_Block]:
        """A Word paragraph as blocks, its list number in front; none if it has no text.

        A heading typed together with its first sentence (the bold `Статья 5. Цель` and the
        plain text after it in one paragraph) gives two blocks: headings are the short title.
        """
        style_id = self._styles.paragraph_style(p)
        style = self._styles.info(style_id)
        if style.toc:
            return []  # a table of contents only repeats the headings (a title block: metadata)
        texts: list[str] = []
        bold = True
        bold_prefix: list[str] = []  # the text of the leading bold runs
        prefix_open = True
        for run in _runs(p):
            run_text = _run_text(run)
            texts.append(run_text)
            if run_text.strip():  # spaces between bold words need not be bold themselves
                run_bold = self._run_bold(run, style.bold)
                bold = bold and run_bold
                prefix_open = prefix_open and run_bold
            if prefix_open:
                bold_prefix.append(run_text)
        # Count the paragraph even when empty: Word shows and counts its number.
        number = self._numbering.number(p, style_id)
        text = _no_provision_after_break(_clean("".join(texts)))
        if not text:
            return []
        if number:
            text = f"{_clean(number)} {text}"
        if style.continuation and not number:
            return [_Block(text, continues=True)]
        if not bold and (split := _split_heading(text, _clean("".join(bold_prefix)), number)):
            return [_Block(split[0], True), _Block(split[1])]
        heading = (
            style.heading
            or _is_outline_level(p)
            or (bold and len(text) <= _HEADING_MAX_CHARS and "\n" not in text)
        )
        return [_Block(text, heading, align=self._align(p, style_id))]

    def _align(self, p: etree._Element, style_id: str | None) -> str:
        """A paragraph's alignment, by its own formatting or its style's ("" if none)."""
        jc = p.find(_JC_PATH)
        if jc is None:
            jc = self._styles.first(style_id, _JC_PATH)
        return (jc.get(_W_VAL) or "") if jc is not None else ""

    def _run_bold(self, run: etree._Element, paragraph_bold: bool | None) -> bool:
        """Whether a run is shown bold (direct formatting, then its style, then the paragraph's)."""
        direct = _on(run.find(_BOLD_PATH))
        if direct is not None:
            return direct
        style = run.find(_RSTYLE_PATH)
        if style is not None:
            styled = self._styles.info(style.get(_W_VAL)).bold
            if styled is not None:
                return styled
        return bool(paragraph_bold)

    def _table(self, tbl: etree._Element) -> _Block | None:
        """A table as one block: a line per row, cells joined by " | "."""
        rows: list[str] = []
        for tr in _children(tbl, _TR):
            cells = [
                " ".join(block.text.replace("\n", " ") for block in self._blocks_in(tc))
                for tc in _children(tr, _TC)
            ]
            if any(cells):
                rows.append(" | ".join(cells).strip())
        return _Block("\n".join(rows), table=True) if rows else None


def _split_heading(text: str, bold: str, number: str | None) -> tuple[str, str] | None:
    """The heading and the text of a paragraph that opens with a bold heading, if it does."""
    heading = f"{_clean(number)} {bold}" if number and bold else bold
    if not heading or not text.startswith(heading) or "\n" in heading:
        return None
    rest = text[len(heading) :].strip()
    marker = classify(normalize_line(heading))
    if not rest or marker is None or marker.kind not in LEVEL:
        return None
    return heading.strip(), rest


def _is_upper_title(text: str) -> bool:
    """A line written in capitals that can be (part of) a chapter or section title."""
    return (
        "\n" not in text
        and text == text.upper()
        and any(character.isalpha() for character in text)
        and len(text) <= _HEADING_MAX_CHARS
        and not text.endswith((".", ":", ";", ","))
        and _STARTS_PROVISION.match(text) is None
    )


def _merge_title_lines(blocks: list[_Block]) -> list[_Block]:
    """Join a heading's title that runs over two Word paragraphs (`ОСУЩЕСТВЛЕНИЕ ГОСУДАРСТВЕННЫХ`
    / `ЗАКУПОК`) into one line, so the second line does not become a part."""
    merged: list[_Block] = []
    title_open = False
    for block in blocks:
        if title_open and block.heading and _is_upper_title(block.text):
            merged[-1] = _Block(f"{merged[-1].text} {block.text}", True)
            continue
        marker = classify(normalize_line(block.text)) if "\n" not in block.text else None
        if marker is not None and marker.kind in LEVEL:
            title_open = bool(marker.body) and _is_upper_title(marker.body)
        else:
            title_open = (
                bool(merged) and _is_title_of(merged[-1], block) and _is_upper_title(block.text)
            )
        merged.append(block)
    return merged


def _merge_stamps(blocks: list[_Block]) -> list[_Block]:
    """Join an approval stamp that a draft lays out over several paragraphs (or lines of one
    paragraph, `w:br`) into one line: `Утверждены` / `постановлением Правительства` / ... /
    `от 12 марта 2026 года № 145` reads as `Утверждены постановлением ... № 145`, the heading
    that starts the approved act (parser.approval_stamps decides what is a stamp)."""
    blocks = [_stamp_of_layout_table(block) if block.table else block for block in blocks]
    raw: list[str] = []
    owners: list[int] = []  # the block each line comes from
    for number, block in enumerate(blocks):
        for line in block.text.split("\n"):
            raw.append(line)
            owners.append(number)
    # A table's rows never join a stamp: their lines stand in as blank ones.
    lines = [
        "" if blocks[owner].table else normalize_line(line)
        for line, owner in zip(raw, owners, strict=True)
    ]
    # Where the alignment changes (the right-aligned `Приложение 1` / `к Правилам ...` and
    # the centred title of the form below it), an annex heading of rules may end.
    breaks = frozenset(
        index
        for index in range(1, len(raw))
        if owners[index] != owners[index - 1]
        and blocks[owners[index]].align != blocks[owners[index - 1]].align
    )
    spans = dict(approval_stamps(lines, breaks))
    if not spans:
        return blocks
    merged: list[_Block] = []
    index = 0
    while index < len(raw):
        if index in spans:
            merged.append(_Block(" ".join(lines[index : spans[index]])))
            index = spans[index]
            continue
        owner, end = owners[index], index + 1
        while end < len(raw) and owners[end] == owner and end not in spans:
            end += 1
        block = blocks[owner]
        whole = (index == 0 or owners[index - 1] != owner) and (
            end == len(raw) or owners[end] != owner
        )
        merged.append(
            block if whole else _Block("\n".join(raw[index:end]), block.heading, align=block.align)
        )
        index = end
    return merged


def _numbered_chapter_headings(blocks: list[_Block]) -> list[_Block]:
    """A chapter numbered like a point (`1. Жалпы ережелер`, `1. Общие положения`), set off as a
    heading (bold, centred or a heading style; short, no final punctuation) right above a
    point typed as text, is written as the chapter it is (`1-тарау. Жалпы ережелер`, `Глава 1.
    Общие положения`, in the document's language), so its points never repeat the act's."""
    found: list[tuple[int, str, str]] = []
    for index, (block, following) in enumerate(itertools.pairwise(blocks)):
        if not (block.heading or block.centred) or "\n" in block.text or block.table:
            continue
        marker = classify(normalize_line(block.text))
        if (
            marker is None
            or marker.kind is not Kind.PARAGRAPH
            or not (marker.num or "").isdigit()
            or not reads_as_chapter_title(marker.body)
            or following.heading
            or following.centred
            or following.table
        ):
            continue
        point = classify(normalize_line(following.text.split("\n")[0]))
        if point is not None and point.kind is Kind.PARAGRAPH:
            found.append((index, marker.num, marker.body))
    if not found:
        return blocks
    language = _language_of(blocks)
    blocks = list(blocks)
    for index, num, title in found:
        blocks[index] = _Block(heading_line(Kind.CHAPTER, num, title, language), True)
    return blocks


_KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYRILLIC = re.compile("[а-яёА-ЯЁ]")


def _language_of(blocks: list[_Block]) -> str:
    """The language a document is written in, as far as its letters tell: Kazakh has letters
    Russian lacks (`ә`, `қ`, `ң`, `ұ`, `і`, ...), one in six of its letters in a real regulation;
    a Russian text that names a Kazakh body (`«Қоғамдық палата»`) has a few, fewer than one in
    twenty. Cyrillic without them is Russian."""
    text = "\n".join(block.text for block in blocks)
    cyrillic = len(_CYRILLIC.findall(text)) + (kazakh := len(_KAZAKH_LETTERS.findall(text)))
    if not cyrillic:
        return "en"
    return "kk" if kazakh * 20 > cyrillic else "ru"


def _stamp_of_layout_table(block: _Block) -> _Block:
    """A table of one row that only places the approval stamp or an annex's heading (an empty
    cell on the left, `Утверждены ... № 145` or `Приложение 1 к приказу ...` in the right one)
    is that heading: its words are no table."""
    if "\n" in block.text:
        return block
    cells = [cell for cell in _CELL_SEPARATOR.split(block.text) if cell]
    if len(cells) != 1:
        return block
    marker = classify(normalize_line(cells[0]))
    if marker is None or marker.kind is not Kind.ANNEX:
        return block
    return _Block(cells[0])


_CELL_SEPARATOR = re.compile(r"\s*\|\s*")


def _no_provision_after_break(text: str) -> str:
    """Join a line that a manual line break (`w:br`) left looking like a numbered provision or
    a heading to the line above: a line break never starts one ("…следующие:<br>1) …" stays
    one paragraph). A note may follow a break: the official draft puts a paragraph's editorial
    note (`[Пункт 2-1 дополнен …]`) on a new line of the paragraph's own Word paragraph."""
    lines = text.split("\n")
    kept = lines[:1]
    for line in lines[1:]:
        marker = classify(normalize_line(line))
        if marker is not None and marker.kind is not Kind.NOTE:
            kept[-1] = f"{kept[-1]} {line}"
        else:
            kept.append(line)
    return "\n".join(kept)


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """The children of `element` with `tag`, looking through content controls."""
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _children(child, tag)


def _runs(element: etree._Element) -> Iterator[etree._Element]:
    """The visible runs of a paragraph, through hyperlinks, fields, insertions and controls."""
    for child in element.iterchildren():
        if not isinstance(child.tag, str) or child.tag in _SKIPPED_IN_PARAGRAPH:
            continue
        if child.tag == _R:
            if not _on(child.find(_VANISH_PATH)):
                yield child
        else:
            yield from _runs(child)


def _run_text(run: etree._Element) -> str:
    """The text of a run: its `w:t` text, tabs, breaks and non-breaking hyphens."""
    parts: list[str] = []
    for child in run.iterchildren():
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag in _RUN_TEXT:
            parts.append(_RUN_TEXT[child.tag])
    return "".join(parts)


def _join_blocks(blocks: list[_Block]) -> str:
    """Join blocks with blank lines; a bare heading's title follows it directly."""
    pieces = [blocks[0].text]
    for previous, block in itertools.pairwise(blocks):
        adjacent = block.continues or _is_title_of(previous, block)
        pieces.append("\n" if adjacent else "\n\n")
        pieces.append(block.text)
    return "".join(pieces) + "\n"


def _is_title_of(previous: _Block, block: _Block) -> bool:
    """Whether `block` is the title of the bare heading `previous` ("ГЛАВА 1" / "ОБЩИЕ …")."""
    return (
        _BARE_HEADING.fullmatch(previous.text) is not None
        and block.heading
        and "\n" not in block.text
        and not block.text.endswith((".", ":", ";", ","))
        and _STARTS_PROVISION.match(block.text) is None
    )
