"""The .docx around the annex's body: A4 page, the fonts and language of every default, the file's properties.

python-docx makes the package (its default template: styles, settings, numbering); the body, written as XML
text by `annex_pen`, is put into word/document.xml in one step.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from jwp_data.export.annex_pen import BODY_SIZE, COMPLEX_FONT, EAST_ASIAN_FONT, FONTS, LATIN_FONT, W_NS, clean

LANGUAGE_TAGS = {"en": "en-GB", "zh": "zh-CN", "ar": "ar-SA", "fr": "fr-FR", "es": "es-ES", "ru": "ru-RU"}


def docx_bytes(body: str, lang: str, rtl: bool, title: str, subject: str, comments: str) -> bytes:
    """A Word file of the body's XML (paragraphs and tables), A4, in the language, with its properties."""
    document = Document()
    _page(document, rtl)
    _default_fonts(document, lang)
    properties = document.core_properties
    # the file's properties are XML too: the same rule as every text of the body
    properties.title = clean(title)
    properties.subject = clean(subject)
    properties.language = LANGUAGE_TAGS.get(lang, lang)
    properties.comments = clean(comments)
    properties.author = ""
    out = io.BytesIO()
    document.save(out)
    return _with_body(out.getvalue(), body)


def _with_body(package: bytes, body: str) -> bytes:
    """The saved package with the body's XML put in front of the section properties of word/document.xml.

    Text, not parsed elements: moving a 2,000-indicator body of parsed elements into python-docx's tree took
    seconds (lxml fixes each node's namespaces and names as it moves), and the body holds no outside text
    that did not pass through `annex_pen.text_xml`.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                head, start, tail = data.decode("utf-8").partition("<w:body>")
                if not start:
                    raise ValueError("python-docx wrote no <w:body> element")
                data = (head + start + body + tail).encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


def _page(document, rtl: bool) -> None:
    """A4 portrait, margins of UN documents; the section itself right to left for a right-to-left language."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(25), Mm(25)
    section.left_margin, section.right_margin = Mm(20), Mm(20)
    section.header_distance, section.footer_distance = Mm(12), Mm(12)
    if rtl:
        grid = section._sectPr.find(qn("w:docGrid"))
        bidi = etree.SubElement(section._sectPr, qn("w:bidi"))
        if grid is not None:
            grid.addprevious(bidi)


def _default_fonts(document, lang: str) -> None:
    """The document's default run fonts and language (no theme fonts), for anything Word adds later."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in properties.findall(qn("w:rFonts")) + properties.findall(qn("w:lang")):
        properties.remove(old)
    fonts = etree.fromstring(FONTS.replace("<w:rFonts ", f'<w:rFonts xmlns:w="{W_NS}" '))
    properties.insert(0, fonts)
    for size in properties.findall(qn("w:sz")) + properties.findall(qn("w:szCs")):
        size.set(qn("w:val"), str(BODY_SIZE))
    language = etree.SubElement(properties, qn("w:lang"))
    # w:val is the language of Latin-script text: tagged Chinese, LibreOffice would break lines inside numbers
    latin = "en-GB" if lang in ("zh", "ar") else LANGUAGE_TAGS.get(lang, lang)
    language.set(qn("w:val"), latin)
    language.set(qn("w:eastAsia"), "zh-CN")
    language.set(qn("w:bidi"), "ar-SA")
    paragraphs = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for old in paragraphs.findall(qn("w:spacing")):
        paragraphs.remove(old)
    spacing = etree.SubElement(paragraphs, qn("w:spacing"))  # single line spacing, as UN documents are set
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    spacing.set(qn("w:lineRule"), "auto")
    for style in document.styles.element.findall(qn("w:style")):
        for old in style.iter(qn("w:rFonts")):
            for name in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                old.attrib.pop(qn(f"w:{name}"), None)
            old.set(qn("w:ascii"), LATIN_FONT)
            old.set(qn("w:hAnsi"), LATIN_FONT)
            old.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
            old.set(qn("w:cs"), COMPLEX_FONT)
