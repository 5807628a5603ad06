"""Documents + registry -> the site's records: codes joined, descriptions rendered, mentions linked."""
from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .model import (PROVENANCES, SOURCE, UNOFFICIAL, ClassNote, CodeFacts, Credit, Document, DocumentCredit, EditorNote,
                    Field, Meaning, Reference, ReferenceData, RegistryEntry, Row, ShownField, Site, StatusClass,
                    StatusCode, document_name, printable)
from .read.registry import UNASSIGNED
from .read.links import is_safe_link
from .read.vendors import vendor_of

DEFAULT_TITLE = "HTTP 状态码"
CLASS_NAMES = {1: "Informational", 2: "Successful", 3: "Redirection", 4: "Client Error", 5: "Server Error"}
CLASS_HEADINGS = {1: "信息响应", 2: "成功响应", 3: "重定向", 4: "客户端错误", 5: "服务器错误"}
# Phrases in common use for codes the registry leaves unassigned or marks (Unused); 418's is from RFC 2324 §2.3.2.
UNOFFICIAL_PHRASES = {418: "I'm a teapot", 509: "Bandwidth Limit Exceeded"}
# A three-digit number that is not part of a longer number, a range ("1-100") or a path.
MENTION_PATTERN = re.compile(r"(?<![\d\-/])[1-5]\d\d(?!\d)")
SENTENCE_END = re.compile(r"[。！？]|[.!?](?=\s|$)")
SUMMARY_LIMIT = 120
LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)

NO_FACTS = CodeFacts()  # a code content/reference/ says nothing about


class InlineMarkdown(MarkdownIt):
    """CommonMark that links only to http, https, mailto and relative URLs."""

    def validateLink(self, url: str) -> bool:  # noqa: N802 - markdown-it's name
        """Refuse javascript:, data: and every other scheme: such a link stays text."""
        return is_safe_link(url)


# Raw HTML in the source is shown as text; images would load from other hosts.
_INLINE = InlineMarkdown("commonmark", {"html": False}).disable("image")


def build_site(documents: Sequence[Document], registry: dict[int, RegistryEntry],
               reference: ReferenceData | None = None) -> Site:
    """Join every documented row with the registry and the reference facts into the site's records."""
    documents = rank_documents(documents)
    rows = sorted(((row, doc.provenance) for doc in documents for row in doc.rows), key=lambda pair: pair[0].code)
    documented = {row.code for row, _ in rows}
    facts = reference.facts if reference else {}
    codes = [add_meanings(make_code(first, registry.get(code, UNASSIGNED), documented, provenance,
                                    facts.get(code, NO_FACTS), registry), others)
             for code, ((first, provenance), *others) in group_by_code(rows).items()]
    codes = add_mentioned_by(codes)
    titled = next((doc for doc in documents if doc.title), None)
    notes = [note for doc in documents for note in doc.notes]
    classes = group_classes([row for row, provenance in sorted(rows, key=lambda pair: pair[1] != SOURCE)
                             if provenance != UNOFFICIAL], codes, notes)
    shown = {status_class.digit for status_class in classes}
    return Site(
        title=titled.title if titled and titled.title else DEFAULT_TITLE,
        date=titled.date if titled else None,
        classes=classes,
        codes=tuple(sorted(codes, key=lambda code: code.code)),
        warnings=tuple(warning for doc in documents for warning in doc.warnings) + tuple(
            f"{note.source}: class row {note.digit}xx skipped: no code of that class is documented"
            for note in notes if note.digit not in shown) + tuple(find_unshown_facts(reference, documented))
        + tuple(find_unused_credits(documents, reference)),
        credits=make_credits(documents, reference),
    )


def make_credits(documents: Sequence[Document], reference: ReferenceData | None) -> tuple[DocumentCredit, ...]:
    """Return what the pages showing each document's text say of it: a source's blockquote, and its credit row."""
    credits = reference.credits if reference else {}
    made = []
    for name, doc in name_documents(documents).items():
        credit = credits.get(name)
        made.append(DocumentCredit(name, doc.provenance, doc.attribution if doc.provenance == SOURCE else (),
                                   credit if credit and names_source(doc, credit) else None))
    return tuple(made)


def find_unused_credits(documents: Sequence[Document], reference: ReferenceData | None) -> list[str]:
    """Return a warning for every credit row that credits no document: none by that name, or another text."""
    named, problems = name_documents(documents), []
    for name, credit in (reference.credits if reference else {}).items():
        if name not in named:
            problems.append(f"{credit.row}: no status document is named {name}, so this credit is shown nowhere")
        elif not names_source(named[name], credit):
            problems.append(f"{credit.row}: {name} does not give {credit.source_url} in its blockquote, so this "
                            "credit is for another text and is shown nowhere")
    return problems


def name_documents(documents: Sequence[Document]) -> dict[str, Document]:
    """Return the documents by file name ("http-status.md"), in the order they are given."""
    return {document_name(doc.rows[0].source): doc for doc in documents if doc.rows}  # a document without rows fails


def names_source(document: Document, credit: Credit) -> bool:
    """Tell whether a credit is for this text: its source URL, if it gives one, is in the document's blockquote."""
    # A copied credits.md beside another text of the same name must not credit that text to MDN.
    return not credit.source_url or any(credit.source_url in line for line in document.attribution)


def find_unshown_facts(reference: ReferenceData | None, documented: Collection[int]) -> list[str]:
    """Return a warning for every fact row that names a code without a page: no page shows that row."""
    return [f"{source}: status code {code} is in no content file, so this row is shown nowhere"
            for code, source in (reference.rows if reference else ()) if code not in documented]


def rank_documents(documents: Sequence[Document]) -> list[Document]:
    """Put the source documents first, then the supplements, then the unofficial ones, each in name order."""
    # The site's title, date and attribution come from the first document that has them, and a class's heading
    # from the first section with one of its codes: a source document's, whatever a supplement's file is named.
    return sorted(documents, key=lambda doc: PROVENANCES.index(doc.provenance))


def group_by_code(rows: list[tuple[Row, str]]) -> dict[int, list[tuple[Row, str]]]:
    """Return each code's rows (with their provenance), the standard meaning first, then each vendor's."""
    groups: dict[int, list[tuple[Row, str]]] = {}
    for row, provenance in rows:
        groups.setdefault(row.code, []).append((row, provenance))
    return groups


def add_meanings(code: StatusCode, others: list[tuple[Row, str]]) -> StatusCode:
    """Return the code with the vendors' meanings that come after its first one."""
    meanings = tuple(Meaning(vendor_of(row.section), row.phrase, *render_inline(row.description), row.source)
                     for row, _ in others)
    return code._replace(meanings=meanings) if meanings else code


def make_code(row: Row, entry: RegistryEntry, documented: set[int], provenance: str,
              facts: CodeFacts, registry: Mapping[int, RegistryEntry]) -> StatusCode:
    """Make the record of one row: description, summary, registry facts, provenance, columns, reference facts."""
    children = parse_inline(row.description)
    linked, mentions = link_mentions(children, row.code, documented)
    text = plain_text(children)
    unofficial = entry.status in ("unassigned", "unused") and row.code in UNOFFICIAL_PHRASES
    phrase = UNOFFICIAL_PHRASES[row.code] if unofficial else entry.phrase or row.phrase
    return StatusCode(
        code=row.code,
        class_digit=row.code // 100,
        phrase=phrase,
        description=row.description,
        description_html=_INLINE.renderer.render(linked, _INLINE.options, {}),
        text=text,
        summary=summarize(text),
        status=entry.status,
        references=entry.references,
        mentions=tuple(sorted(mentions)),
        mentioned_by=(),
        source=row.source,
        provenance=provenance,
        expires=entry.expires,
        fields=make_fields(row, phrase),
        vendor=vendor_of(row.section) if provenance == UNOFFICIAL else None,
        constants=facts.constants,
        headers=facts.headers,
        caching=facts.caching,
        related=tuple(item for item in facts.related if item.code in documented),  # a link to a page that exists
        notes=tuple(make_note(text, references, row.code, documented)
                    for text, references, quote, _ in facts.notes if quotes_hold(quote, row.description)),
        example=make_example(row.code, phrase, entry.status, facts, registry),
        words=facts.words,
        not_sent=facts.not_sent,
        name=row.name,
    )


def quotes_hold(quote: str, description: str) -> bool:
    """Tell whether a note belongs beside a description: it quotes no words, or words this description holds."""
    return not quote or " ".join(quote.split()) in " ".join(description.split())


def find_misquoting_notes(documents: Sequence[Document], reference: ReferenceData) -> list[str]:
    """Return a `check` note for every editor's note left out: the description it is shown beside lacks its quote."""
    described: dict[int, Row] = {}
    for doc in rank_documents(documents):  # the first row of a code is its description, as in build_site
        for row in doc.rows:
            described.setdefault(row.code, row)
    return [f"{source}: the note on {code} quotes \"{printable(quote)}\", which its description ({row.source}) "
            "does not hold, so the note is left out"
            for code, facts in reference.facts.items() if (row := described.get(code))
            for _, _, quote, source in facts.notes if not quotes_hold(quote, row.description)]


def make_note(source: str, references: tuple[Reference, ...], own: int, documented: set[int]) -> EditorNote:
    """Render an editor's note, with the other codes it names linked."""
    children = parse_inline(source)
    linked, _ = link_mentions(children, own, documented)
    return EditorNote(_INLINE.renderer.render(linked, _INLINE.options, {}), plain_text(children), references)


def make_example(code: int, phrase: str, status: str, facts: CodeFacts, registry: Mapping[int, RegistryEntry]) -> str:
    """Return the head of a response with this code: status line, then each header field with an example value.

    A code no response carries has none, or the head of the response the client receives in its place (nginx's 494
    arrives as 400 Bad Request).
    """
    if status == "unused" and code not in UNOFFICIAL_PHRASES:  # 306: no server sends it
        return ""
    if facts.not_sent:
        received = facts.not_sent.received
        return f"HTTP/1.1 {received} {registry.get(received, UNASSIGNED).phrase}".rstrip() if received else ""
    return "\n".join([f"HTTP/1.1 {code} {phrase}".rstrip(), *(f"{field.name}: {field.example}"
                                                               for field in facts.headers if field.example)])


def parse_inline(source: str) -> list[Token]:
    """Return the inline tokens of a cell; `<br>`, the usual line break in a table cell, is a hard break."""
    return _INLINE.parseInline(LINE_BREAK.sub("\\\n", source))[0].children or []


def render_inline(source: str) -> tuple[str, str]:
    """Return a cell's rendered HTML and its plain text."""
    children = parse_inline(source)
    return _INLINE.renderer.render(children, _INLINE.options, {}), plain_text(children)


def make_fields(row: Row, phrase: str) -> tuple[ShownField, ...]:
    """Render the row's other columns, and its own phrase when the page shows another one."""
    fields = [Field("文中名称", row.phrase)] if row.phrase and row.phrase.casefold() != phrase.casefold() else []
    return tuple(ShownField(field.label, *render_inline(field.value))
                 for field in [*fields, *row.fields] if field.value)


def link_mentions(children: list[Token], own: int, documented: set[int]) -> tuple[list[Token], set[int]]:
    """Return the inline tokens with every other documented code a link, and those codes."""
    result: list[Token] = []
    mentions: set[int] = set()
    link_depth = 0
    for token in children:
        link_depth += {"link_open": 1, "link_close": -1}.get(token.type, 0)
        if token.type != "text" or link_depth:
            result.append(token)
            continue
        position = 0
        for match in MENTION_PATTERN.finditer(token.content):
            code = int(match.group())
            if code == own or code not in documented:
                continue
            mentions.add(code)
            result.append(text_token(token.content[position:match.start()]))
            result.extend(link_tokens(match.group()))
            position = match.end()
        result.append(text_token(token.content[position:]))
    return result, mentions


def text_token(content: str) -> Token:
    """Return an inline text token."""
    return Token("text", "", 0, content=content)


def link_tokens(code: str) -> list[Token]:
    """Return the tokens of a link from one code page to another."""
    return [Token("link_open", "a", 1, attrs={"href": f"../{code}/index.html"}),
            text_token(code), Token("link_close", "a", -1)]


def plain_text(children: list[Token]) -> str:
    """Return the text a reader sees, without Markdown."""
    parts = [" " if token.type in ("softbreak", "hardbreak") else token.content
             for token in children if token.type in ("text", "code_inline", "softbreak", "hardbreak")]
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def summarize(text: str) -> str:
    """Return the first sentence of `text`, shortened to SUMMARY_LIMIT characters."""
    end = SENTENCE_END.search(text)
    sentence = text[: end.end()] if end else text
    if len(sentence) > SUMMARY_LIMIT:
        sentence = sentence[: SUMMARY_LIMIT - 1].rstrip() + "…"
    return sentence


def add_mentioned_by(codes: list[StatusCode]) -> list[StatusCode]:
    """Return the codes with `mentioned_by` filled from every other code's mentions."""
    mentioned_by: dict[int, list[int]] = {}
    for code in codes:
        for target in code.mentions:
            mentioned_by.setdefault(target, []).append(code.code)
    return [code._replace(mentioned_by=tuple(mentioned_by.get(code.code, ()))) for code in codes]


def group_classes(rows: list[Row], codes: list[StatusCode], notes: list[ClassNote]) -> tuple[StatusClass, ...]:
    """Group the codes into classes, each headed by the first section heading it has in `rows`."""
    headings: dict[int, str] = {}
    for row in rows:
        if row.heading:
            headings.setdefault(row.code // 100, row.heading)
    summaries: dict[int, str] = {}
    for note in notes:
        summaries.setdefault(note.digit, render_inline(note.text)[0])
    digits = sorted({code.class_digit for code in codes})
    ranked = sorted(codes, key=lambda code: (code.status == "unassigned", code.code))  # non-standard codes last
    return tuple(StatusClass(digit, headings.get(digit, CLASS_HEADINGS[digit]), CLASS_NAMES[digit],
                             tuple(code for code in ranked if code.class_digit == digit), summaries.get(digit, ""))
                 for digit in digits)
