"""Records -> the search data the browser script reads, as a classic script and as JSON."""
from __future__ import annotations

import json
import re

from ..cache import NO_CACHE, Cache
from ..model import Site, StatusClass, StatusCode
from .traditional import traditional_map

GLOBAL_NAME = "STATUSDOCS_SEARCH"  # the one global search-index.js sets
# Characters escaped so the script stays one valid JavaScript statement even if someone inlines it
# in a <script> element: no "</script>", no "<!--", no line terminators JavaScript once rejected.
SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
# Constants are matched squashed (lower case letters and digits only), after the words that qualify them in code
# (`HTTPStatus.`, `http.Status`, `HttpStatusCode.`, `StatusCode::`, `Response::HTTP_`): what remains of
# `StatusTooManyRequests` or `HTTP_TOO_MANY_REQUESTS` is the squashed phrase, which the browser derives itself.
# assets/search.js holds the same two rules.
QUALIFIER = re.compile(r"response|http|status|code")
NOT_SQUASHED = re.compile(r"[^a-z0-9]")


def build_search_data(site: Site) -> dict[str, list[dict[str, object]]]:
    """Return the classes and codes as the plain records search needs, URLs relative to the site root."""
    classes = {status_class.digit: status_class for status_class in site.classes}
    return {
        "classes": [class_record(status_class) for status_class in site.classes],
        "codes": [code_record(code, classes[code.class_digit]) for code in site.codes],  # numeric order
    }


def class_record(status_class: StatusClass) -> dict[str, object]:
    """Return the search record of one class page."""
    return {"label": status_class.label, "heading": status_class.heading, "name": status_class.name,
            "url": f"classes/{status_class.label}/index.html"}


def code_record(code: StatusCode, status_class: StatusClass) -> dict[str, object]:
    """Return the search record of one code page: its constants only where the phrase does not give them."""
    vendors = ([code.vendor] if code.vendor else []) + [meaning.vendor for meaning in code.meanings]
    return {"code": code.code, "phrase": code.phrase, "class": status_class.label,
            "heading": " · ".join([status_class.heading, *(vendor.name for vendor in vendors)]),
            "summary": code.summary, "text": " ".join([code.text, *(meaning.text for meaning in code.meanings)]),
            "url": f"codes/{code.code}/index.html", "headers": list(dict.fromkeys(field.name for field in code.headers)),
            "names": underived_names(code), "words": list(code.words)}


def underived_names(code: StatusCode) -> list[str]:
    """Return the squashed constants of a code that the browser cannot derive from its phrase, shortest first."""
    keys = [squash(code.phrase)]
    for name in sorted({constant.name for constants in code.constants for constant in constants.names}, key=len):
        rests = unqualified(squash(name))
        if not any(rest in keys for rest in rests):
            keys.append(rests[-1])
    return keys[1:]


def squash(text: str) -> str:
    """Return `text` in lower case with everything but letters and digits removed: `Too-Many` -> `toomany`."""
    return NOT_SQUASHED.sub("", text.lower())


def unqualified(key: str) -> list[str]:
    """Return a squashed name and what remains after each qualifying word at its start."""
    rests = [key]
    while match := QUALIFIER.match(rests[-1]):
        rests.append(rests[-1][match.end():])
    return rests


def render_search_files(site: Site, cache: Cache = NO_CACHE) -> dict[str, str]:
    """Return search-index.json, for other tools, and search-index.js, the same data packed for the browser.

    `cache` keeps the Traditional map of the data's text (see traditional.py).
    """
    data = build_search_data(site)
    mapping = traditional_map(render_search_json(data), cache)
    data["traditional"] = dict(sorted(mapping.items()))  # type: ignore[assignment]  # the same bytes, cached or not
    return {"search-index.js": render_search_script(pack_search_data(data)), "search-index.json": render_search_json(data)}


def pack_search_data(data: dict[str, object]) -> dict[str, object]:
    """Return the data as the browser reads it, in arrays, without what it derives (URLs, class, summary).

    A code is [code, phrase, vendors, text, header fields, names, words], the lists joined by " " (vendors by " · ",
    words by 、), leaving out a word its phrase or heading holds: it ranks there. Its heading is its class's, which
    the browser looks up, then the vendors. `traditional` is [each Traditional character
    followed by its Simplified form, "phrase simplified phrase simplified ..." longest phrase first].
    """
    headings = {k["label"]: k["heading"] for k in data["classes"]}  # type: ignore
    codes = [[code["code"], code["phrase"], code["heading"].removeprefix(headings[code["class"]]).removeprefix(" · "),
              code["text"], " ".join(code["headers"]), " ".join(code["names"]), "、".join(shipped_words(code))]
             for code in data["codes"]]  # type: ignore
    mapping: dict[str, str] = data["traditional"]  # type: ignore[assignment]
    characters = sorted(form for form in mapping if len(form) == len(mapping[form]) == 1
                        and max(form, mapping[form]) < "\U00010000")
    phrases = sorted(set(mapping) - set(characters), key=lambda form: (-len(form), form))  # 埠 is 端口
    return {"classes": [[k["label"], k["heading"], k["name"]] for k in data["classes"]],  # type: ignore
            "codes": codes, "traditional": ["".join(form + mapping[form] for form in characters),  # two UTF-16 units
                                            " ".join(f"{form} {mapping[form]}" for form in phrases)]}


def shipped_words(code: dict[str, object]) -> list[str]:
    """Return the search words of a code record that its phrase and heading do not already hold."""
    held = f"{code['phrase']} {code['heading']}".lower()
    return [word for word in code["words"] if word.lower() not in held]  # type: ignore[attr-defined]


def render_search_json(data: dict[str, object]) -> str:
    """Return the data as compact UTF-8 JSON."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def render_search_script(data: dict[str, object]) -> str:
    """Return a classic script that sets the global: it needs no fetch(), so it works on file://."""
    literal = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, escape in SCRIPT_ESCAPES.items():
        literal = literal.replace(character, escape)  # these only ever occur inside JSON strings
    return f"window.{GLOBAL_NAME}={literal};\n"
