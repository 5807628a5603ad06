"""Records -> `api/codes.json` and `api/codes/<code>.json`, the data other tools read."""
from __future__ import annotations

import json
import re

from ..model import (MDN_HEADER_URL, STATUS_LABELS, Caching, Constants, HeaderField, Reference, Site, StatusClass,
                    StatusCode, Vendor)
from .urls import class_url, code_url

PREVIEW_LEVELS = {"MUST": "必须带", "SHOULD": "应带"}  # header fields a preview card names
# Links between code pages in a description, as records.py writes them for pages under codes/.
PAGE_LINK = re.compile(r'href="\.\./(\d{3})/index\.html"')


def build_api(site: Site, site_url: str) -> dict[str, str]:
    """Return the JSON files of the API by output path."""
    classes = {status_class.digit: status_class for status_class in site.classes}
    records = {code.code: dump_json(make_record(code, classes[code.class_digit], site_url)).rstrip("\n")
               for code in site.codes}  # numeric order
    # Each record is encoded once and spliced into the list: encoding them twice costs a millisecond or two.
    head = dump_json({"title": site.title, "site_url": site_url or None, "count": len(records), "codes": []})
    files = {"api/codes.json": head.replace('"codes":[]', '"codes":[' + ",".join(records.values()) + "]", 1)}
    files.update((f"api/codes/{code}.json", record + "\n") for code, record in records.items())
    return files


def make_record(code: StatusCode, status_class: StatusClass, site_url: str) -> dict[str, object]:
    """Return one code as a JSON-ready record."""
    return {
        "code": code.code,
        "phrase": code.phrase,
        "title": code.title,
        "class": {"label": status_class.label, "name": status_class.name, "heading": status_class.heading},
        "summary": code.summary,
        "description": {"text": code.text, "html": absolute_links(code.description_html, site_url),
                        "markdown": code.description},
        "specification": describe_references(code.references),
        "status": code.status,
        "url": code_url(code.code, site_url),
        "class_url": class_url(status_class.label, site_url),
        "mentions": list(code.mentions),
        "mentioned_by": list(code.mentioned_by),
        "source": describe_source(code),
        "fields": [{"label": field.label, "text": field.text, "html": field.html} for field in code.fields],
        "editor_notes": [{"text": note.text, "html": absolute_links(note.html, site_url),
                          "specification": describe_references(note.references)} for note in code.notes],
        "example": code.example or None,
        # A code no response carries (nginx's 499): the code the client receives in its place, or null for none.
        "not_sent": {"received": code.not_sent.received} if code.not_sent else None,
        "headers": [describe_header(field) for field in code.headers],
        "caching": describe_caching(code.caching) if code.caching else None,
        "constants": {constants.language: describe_constants(constants) for constants in code.constants},
        "related": [{"code": item.code, "reason": item.reason, "url": code_url(item.code, site_url)}
                    for item in code.related],
        "extract": code.text,  # with title and content_urls: the shape generic page-preview clients read
        "content_urls": {"desktop": {"page": code_url(code.code, site_url)},
                         "mobile": {"page": code_url(code.code, site_url)}},
        "preview": {"badge": describe_badge(code), "facts": preview_facts(code)},
        "vendor": describe_vendor(code.vendor) if code.vendor else None,
        "meanings": [{"vendor": describe_vendor(meaning.vendor), "phrase": meaning.phrase, "text": meaning.text,
                      "html": meaning.description_html, "source": describe_location(meaning.source)}
                     for meaning in code.meanings],
    }


def describe_badge(code: StatusCode) -> str:
    """Return the registry badge a preview card shows: "IANA 已注册", "非标准 · nginx"."""
    return f"非标准 · {code.vendor.name}" if code.vendor else STATUS_LABELS[code.status]


def preview_facts(code: StatusCode) -> list[str]:
    """Return the facts a preview card lists at a glance: required headers, caching marks, other meanings."""
    headers = [f"{PREVIEW_LEVELS[field.level]} {field.name}" for field in code.headers if field.level in PREVIEW_LEVELS]
    marks = list(code.caching.marks) if code.caching else []
    if code.not_sent:
        marks.append(f"客户端收到的是 {code.not_sent.received}" if code.not_sent.received else "不出现在响应里")
    return list(dict.fromkeys(headers))[:3] + marks + [f"{meaning.vendor.name} 另用它表示 {meaning.phrase}"
                                                       for meaning in code.meanings]


def describe_vendor(vendor: Vendor) -> dict[str, object]:
    """Return the software that sends a non-standard code, with its documentation."""
    return {"name": vendor.name, "url": vendor.url or None}


def describe_references(references: tuple[Reference, ...]) -> list[dict[str, str | None]]:
    """Return specifications as `{"text", "url"}`, the url null when there is nothing to link."""
    return [{"text": reference.text, "url": reference.url or None} for reference in references]


def describe_header(field: HeaderField) -> dict[str, object]:
    """Return a header field the code's definition names, with its level, section, example value and MDN page."""
    return {"name": field.name, "level": field.level or None, "specification": describe_references((field.reference,))[0],
            "example": field.example or None, "url": MDN_HEADER_URL + field.name}


def describe_caching(caching: Caching) -> dict[str, object]:
    """Return the caching, content and redirect words of caching.md, and the sections they come from."""
    return {"cacheable": caching.cacheable, "content": caching.content, "redirect": caching.redirect or None,
            "specification": describe_references(caching.references)}


def describe_constants(constants: Constants) -> list[dict[str, object]]:
    """Return one language's names, preferred first, each as written in code and with its notes."""
    return [{"name": constant.name, "code": constant.code, "notes": list(constant.notes)} for constant in constants.names]


def describe_source(code: StatusCode) -> dict[str, object]:
    """Return where the description is written and whose text it is: the source's, the supplement's or a vendor's."""
    return {**describe_location(code.source), "provenance": code.provenance}


def describe_location(source: str) -> dict[str, object]:
    """Return `content/x.md:12` as the file's name within the content folder and the line."""
    path, _, line = source.rpartition(":")
    # The file's name within the content folder: the API stays the same whatever the folder is called.
    return {"document": path.rsplit("/", 1)[-1], "line": int(line)}


def absolute_links(html: str, site_url: str) -> str:
    """Point the description's links to other codes at their permalinks instead of page-relative paths."""
    return PAGE_LINK.sub(lambda match: f'href="{code_url(int(match.group(1)), site_url)}"', html)


def dump_json(data: object) -> str:
    """Return `data` as compact, stable UTF-8 JSON (the C encoder: indenting would be several times slower)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
