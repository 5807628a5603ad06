"""The records the site is made of, and the one error a user can cause; no I/O here.

Records are NamedTuples: immutable like frozen dataclasses, and ten times cheaper to define (0.1 ms, not 0.8).
"""
from __future__ import annotations

import re
from typing import NamedTuple

# What a content document's descriptions are: the source document's text (as its blockquote credits it), or the
# site's own supplement, written from the specifications. A document says which in its front matter.
SOURCE = "source"
SUPPLEMENT = "supplement"
UNOFFICIAL = "unofficial"  # codes seen in the wild, one section per software that sends them
PROVENANCES = (SOURCE, SUPPLEMENT, UNOFFICIAL)
PROBLEM_LOCATION = re.compile(r"(.*?:\d+): ", re.S)  # the `path:line` that starts a problem
# How pages name a code's registry status (RegistryEntry.status).
STATUS_LABELS = {
    "registered": "IANA 已注册",
    "temporary": "IANA 临时注册",
    "unused": "已不再使用（Unused）",
    "obsoleted": "已废弃（Obsoleted）",
    "unassigned": "非标准 · 未在 IANA 注册",
}
# The words of the columns of content/reference/caching.md, each with what a code page says for it.
CACHING_WORDS = {
    "cacheable": {
        "heuristic": "可以启发式缓存：没有显式缓存控制时，缓存也可以按启发式的过期时间复用",
        "explicit": "只有带显式新鲜度信息（如 Cache-Control: max-age、Expires）时才可以缓存",
        "update": "缓存不存储它，而是用它刷新已存响应的头字段与新鲜度",
        "never": "缓存不得存储",
    },
    "content": {
        "none": "不能带内容",
        "allowed": "可以带内容",
        "explanation": "除了回应 HEAD 请求，应当带一段说明情况的内容",
    },
    "redirect": {
        "keep": "自动跟随时保持请求方法与请求内容",
        "get": "改用 GET（或 HEAD）获取 Location 指向的资源",
        "post-to-get": "规范允许把 POST 改成 GET，浏览器实际也这样做；要保持方法用 307 或 308",
        "choice": "由用户或用户代理从多个表示中挑选，Location 可以给出首选",
    },
}
# Small marks on the class pages and the index, for the facts a reader scans a list for.
CACHING_MARKS = {"cacheable": {"heuristic": "默认可缓存", "never": "不得缓存"}, "content": {"none": "无内容"}}
LEVEL_WORDS = {"MUST": "必须带", "SHOULD": "应当带", "MAY": "可以带", "": "定义中提到"}
# How a code page names each language and writes its constants in code ({} is the name, or the code for node).
LANGUAGE_FORMS = {
    "python": ("Python", "HTTPStatus.{}"),
    "go": ("Go", "http.{}"),
    "node": ("Node.js", "http.STATUS_CODES[{}]"),
    "spring": ("Spring", "HttpStatus.{}"),
    "dotnet": (".NET", "HttpStatusCode.{}"),
    "rust": ("Rust http", "StatusCode::{}"),
    "rails": ("Rails (Rack)", ":{}"),
    "symfony": ("Symfony", "Response::{}"),
}
MDN_HEADER_URL = "https://developer.mozilla.org/zh-CN/docs/Web/HTTP/Reference/Headers/"


class ContentError(Exception):
    """Problems in the user's content, each a `path:line: message` line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def split_problem(problem: str) -> tuple[str, str]:
    """Return a problem's location (`path:line`, or a path) and its message, whatever `:` the path holds."""
    match = PROBLEM_LOCATION.match(problem)  # the first `:line: `: a folder may be named `a:b`, never `a:1: b`
    if match:
        return match.group(1), problem[match.end():]
    location, _, message = problem.partition(": ")
    return location, message


def printable(text: str) -> str:
    """Return `text` with control characters and line breaks escaped, to quote it in a one-line message."""
    return text if text.isprintable() else repr(text)[1:-1]


class Field(NamedTuple):
    """A column of a status table that is not the code, phrase or description: kept, labelled by its header."""

    label: str  # the column's header, e.g. "HTTP 版本"
    value: str  # inline Markdown, as written


class Row(NamedTuple):
    """One table row as written in a content file, before the registry join."""

    code: int
    heading: str  # the heading of the section the row sits in, when the section holds codes of one class only
    description: str  # inline Markdown, as written (the phrase when the description cell is empty)
    source: str  # "content/http-status.md:71"
    phrase: str = ""  # the English reason phrase the row gives, "" when it gives none
    fields: tuple[Field, ...] = ()  # the row's other columns
    continued: tuple[str, ...] = ()  # sources of the continuation rows (no code) joined to this one
    section: str = ""  # the heading of the section the row sits in, always (an unofficial document's vendor)
    name: str = ""  # the code's short name in the document's language (继续), "" when the row gives none


class ClassNote(NamedTuple):
    """A class-summary row (`4xx`, `**4xx: Client Error**`): text about a whole class."""

    digit: int
    text: str  # inline Markdown
    source: str


class Document(NamedTuple):
    """What one content file holds."""

    title: str | None  # from the front matter, None when it has none
    date: str | None
    attribution: tuple[str, ...]  # the lines of the source blockquote
    rows: tuple[Row, ...]
    provenance: str = SOURCE  # `provenance:` in the front matter, one of PROVENANCES
    notes: tuple[ClassNote, ...] = ()
    warnings: tuple[str, ...] = ()  # `path:line: message` for rows and tables skipped as not about codes


class RegistryEntry(NamedTuple):
    """One code in the IANA HTTP Status Code Registry."""

    phrase: str  # "Not Found"; "" when the registry gives none
    status: str  # "registered", "unused", "obsoleted", "temporary" or "unassigned"
    references: tuple[Reference, ...]
    expires: str = ""  # "2026-11-13": the day a temporary registration ends; "" for any other
    source: str = ""  # "content/registry.csv:50", the row's line, for messages


class Reference(NamedTuple):
    """A specification the registry cites for a code."""

    text: str  # "RFC 9110 §15.5.5"
    url: str  # "" when there is nothing to link to


class StatusCode(NamedTuple):
    """One documented HTTP status code."""

    code: int
    class_digit: int
    phrase: str  # English reason phrase, "" when unknown
    description: str  # inline Markdown, as written in the source
    description_html: str  # rendered, with mentioned codes linked
    text: str  # the description as plain text
    summary: str  # the first sentence of `text`
    status: str  # registry status, see RegistryEntry.status
    references: tuple[Reference, ...]
    mentions: tuple[int, ...]  # other documented codes the description names
    mentioned_by: tuple[int, ...]  # documented codes whose descriptions name this one
    source: str  # "content/http-status.md:71": where the description is written
    provenance: str  # SOURCE or SUPPLEMENT: the provenance of the document the description comes from
    expires: str  # see RegistryEntry.expires
    fields: tuple[ShownField, ...] = ()  # the document's other columns for this code, in table order
    vendor: Vendor | None = None  # the software that sends it, for a code only an unofficial document describes
    meanings: tuple[Meaning, ...] = ()  # what other software means by it (unofficial documents), after this one
    # What content/reference/ says about the code (empty where it says nothing), and the example it gives.
    constants: tuple[Constants, ...] = ()  # one per language, in the columns' order; () without a constants row
    headers: tuple[HeaderField, ...] = ()  # in the order of headers.md
    caching: Caching | None = None
    related: tuple[RelatedCode, ...] = ()  # in numeric order
    notes: tuple[EditorNote, ...] = ()
    example: str = ""  # the response head: status line and the headers with an example value; "" for none
    not_sent: NotSent | None = None  # set when no response carries the code (see not-sent.md)
    words: tuple[str, ...] = ()  # what readers type to find it (search-words.md), only for search
    name: str = ""  # the document's short name for it (继续), shown beside the phrase; "" for none

    @property
    def title(self) -> str:
        """Return "404 Not Found"."""
        return f"{self.code} {self.phrase}".rstrip()


class Vendor(NamedTuple):
    """Software that sends a non-standard code: an unofficial document's section, `## [nginx](url)`."""

    name: str
    url: str  # its documentation, "" when the heading links nowhere


class Meaning(NamedTuple):
    """What one piece of software means by a code that the standard meaning, or another vendor's, comes before."""

    vendor: Vendor
    phrase: str
    description_html: str
    text: str
    source: str


class ShownField(NamedTuple):
    """A labelled column of the document, rendered for a code page."""

    label: str
    html: str
    text: str


# The facts of content/reference/ are small values of eight kinds: named tuples, which Python defines in a tenth
# of the time a frozen dataclass takes (about 0.4 ms each, paid by every build when this module is imported).
class Constant(NamedTuple):
    """One name a language's library gives a code."""

    name: str  # bare, as constants.md writes it: "TOO_MANY_REQUESTS"; for node, the phrase "Too Many Requests"
    code: str  # as a program writes it: "HTTPStatus.TOO_MANY_REQUESTS"; for node, "http.STATUS_CODES[429]"
    notes: tuple[str, ...] = ()  # "3.13+" (added in that version), "deprecated", "deprecated 7.0", "removed 7.0"


class Constants(NamedTuple):
    """The names one language's library gives a code, preferred first."""

    language: str  # a column of constants.md: "python", "go", "node", ...
    names: tuple[Constant, ...]  # () where the library has none ("—")


class HeaderField(NamedTuple):
    """A header field a code's definition names."""

    name: str  # "Retry-After"
    level: str  # "MUST", "SHOULD", "MAY", or "" when the definition names it without a keyword
    reference: Reference  # where: RFC 6585 §4
    example: str  # the value the code's example response shows, "" when the example leaves the field out


class Caching(NamedTuple):
    """How caches treat a code's responses, whether they carry content, and how a redirect changes the method."""

    cacheable: str  # "heuristic", "explicit", "update" or "never"
    content: str  # "none", "allowed" or "explanation"
    redirect: str  # "keep", "get", "post-to-get", "choice", or "" when the code does not redirect
    references: tuple[Reference, ...]
    marks: tuple[str, ...] = ()  # what the class pages and the index mark the code with: 默认可缓存, 不得缓存, 无内容


class RelatedCode(NamedTuple):
    """A code readers confuse with this one, and the difference in one line."""

    code: int
    reason: str


class EditorNote(NamedTuple):
    """An editor's note (编者注) on the source text: where it is truncated, wrong or outdated."""

    html: str  # rendered, with mentioned codes linked
    text: str
    references: tuple[Reference, ...]


class CodeFacts(NamedTuple):
    """What the files of content/reference/ say about one code."""

    constants: tuple[Constants, ...] = ()
    headers: tuple[HeaderField, ...] = ()
    caching: Caching | None = None
    related: tuple[RelatedCode, ...] = ()
    # (inline Markdown, specifications, the description's words it is about or "", "content/reference/notes.md:12")
    notes: tuple[tuple[str, tuple[Reference, ...], str, str], ...] = ()
    words: tuple[str, ...] = ()  # search words, in the order of search-words.md
    not_sent: NotSent | None = None  # not-sent.md: the code never reaches a client as itself


class NotSent(NamedTuple):
    """A code only its software's own side records (a log, an error): what the client receives in its place."""

    received: int | None  # the status code the client receives instead; None: no response at all


class ReferenceData(NamedTuple):
    """The facts of content/reference/ by code, and where each row is written."""

    facts: dict[int, CodeFacts]
    rows: tuple[tuple[int, str], ...] = ()  # (code, "content/reference/headers.md:12"): every code a row names
    constants_file: str = ""  # "content/reference/constants.md" when the content has one
    credits: dict[str, Credit] = {}  # credits.md: by the document's file name ("http-status.md")


class Credit(NamedTuple):
    """Whose text a status document holds, and under which licence, as a row of content/reference/credits.md says."""

    source: str  # who wrote the text: "MDN Web Docs 的贡献者"
    source_url: str  # where it was taken from, "" for none; given, the document's blockquote must name it
    licence: str  # "CC BY-SA 2.5", "" when the row names none
    licence_url: str  # "" for none
    row: str  # "content/reference/credits.md:7", for messages


class DocumentCredit(NamedTuple):
    """What a page showing a document's text says of where that text comes from."""

    document: str  # the file's name in the content folder: "http-status.md"
    provenance: str  # SOURCE, SUPPLEMENT or UNOFFICIAL: the site's own text says so itself
    attribution: tuple[str, ...]  # a source's blockquote, shown as its own words; () for the site's own text
    credit: Credit | None  # its row of credits.md; None when it declares none, and then none is shown


class StatusClass(NamedTuple):
    """One class of codes, such as 4xx."""

    digit: int
    heading: str  # from the content, e.g. 请求错误
    name: str  # the RFC 9110 class name, e.g. Client Error
    codes: tuple[StatusCode, ...]
    summary_html: str = ""  # a class-summary row of the content, rendered; "" when there is none

    @property
    def label(self) -> str:
        """Return "4xx"."""
        return f"{self.digit}xx"


class Site(NamedTuple):
    """Everything the pages are rendered from."""

    title: str
    date: str | None
    classes: tuple[StatusClass, ...]
    codes: tuple[StatusCode, ...] = ()  # every code in numeric order (a class lists its non-standard codes last)
    warnings: tuple[str, ...] = ()  # `path:line: message` for what the content holds but the site does not show
    credits: tuple[DocumentCredit, ...] = ()  # every document, sources first, as records.rank_documents orders them

    def credits_for(self, codes: tuple[StatusCode, ...], meanings: bool = False) -> PageCredits:
        """Return what the footer of a page listing `codes` (with their meanings) says of the text it shows."""
        sources = [code.source for code in codes] + [meaning.source for code in codes if meanings
                                                     for meaning in code.meanings]
        shown = {document_name(source) for source in sources}
        documents = [credit for credit in self.credits if credit.document in shown]
        return PageCredits(tuple(credit for credit in documents if credit.provenance == SOURCE),
                           frozenset(credit.provenance for credit in documents) - {SOURCE})


class PageCredits(NamedTuple):
    """The documents whose text a page shows, as its footer names them."""

    sources: tuple[DocumentCredit, ...]  # the source documents, each with its blockquote and credit, or none
    own: frozenset[str]  # SUPPLEMENT, UNOFFICIAL: the site's own text among it


def document_name(source: str) -> str:
    """Return the file name of the document a `content/http-status.md:60` location is in."""
    return source.rpartition(":")[0].rpartition("/")[2]


class Settings(NamedTuple):
    """Options of a build."""

    site_url: str = ""  # "https://user.github.io/repo/", or "" when unknown
