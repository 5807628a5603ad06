"""IANA registry CSV -> reason phrase, specification and status per code."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from .files import decode_file, registry_name
from ..model import ContentError, Reference, RegistryEntry
from .parse import check_lines

RFC9110_URL = "https://www.rfc-editor.org/rfc/rfc9110.html"
REFERENCE_PATTERN = re.compile(r"\[([^\]]+)\]")
RFC_PATTERN = re.compile(r"RFC\s*(\d+)(?:,\s*Section\s+([\d.]+))?", re.IGNORECASE)
DRAFT_PATTERN = re.compile(r"draft-[a-z0-9-]+", re.IGNORECASE)
VALUE_PATTERN = re.compile(r"[0-9]{1,6}")  # one code; ranges such as "104-199" are unassigned
RANGE_PATTERN = re.compile(r"[0-9]{1,6}-[0-9]{1,6}")
REFERENCES_PATTERN = re.compile(r"(?:\[[^\[\]]+\])*")
EXPIRY_PATTERN = re.compile(r"expires (\d{4}-\d{2}-\d{2})")  # in "(TEMPORARY - registered ..., expires 2026-11-13)"
UNASSIGNED = RegistryEntry("", "unassigned", ())


def read_registry(path: Path, text: str | None = None) -> dict[int, RegistryEntry]:
    """Read the registry CSV (Value, Description, Reference) into entries by code, every bad row a problem; `text` is
    the file's when it has been read already."""
    name = registry_name(path)
    text = decode_file(path, name) if text is None else text
    check_lines(text, name)
    entries: dict[int, RegistryEntry] = {}
    problems: list[str] = []
    for line, row in read_rows(text, name):
        problem = check_row(row) or (f"status code {row[0]} is listed twice (also at {entries[int(row[0])].source})"
                                     if VALUE_PATTERN.fullmatch(row[0]) and int(row[0]) in entries else None)
        if problem:
            problems.append(f"{name}:{line}: {problem}")
        elif VALUE_PATTERN.fullmatch(row[0]) and row[1] != "Unassigned":
            entries[int(row[0])] = parse_entry(row[1], row[2])._replace(source=f"{name}:{line}")
    if problems:
        raise ContentError(problems)
    return entries


def reason_phrases(registry: dict[int, RegistryEntry]) -> dict[int, str]:
    """Return the reason phrase of every code the registry names one for ("(Unused)" is none)."""
    return {code: entry.phrase for code, entry in registry.items() if entry.phrase and entry.status != "unused"}


def read_rows(text: str, name: str) -> list[tuple[int, list[str]]]:
    """Return (first line, fields) of every data row, after checking the header row."""
    reader = csv.reader(io.StringIO(text))
    rows: list[tuple[int, list[str]]] = []
    try:
        if next(reader, None) != ["Value", "Description", "Reference"]:
            raise ContentError([f"{name}:1: expected the columns Value, Description, Reference"])
        line = reader.line_num + 1
        for row in reader:
            if row:
                rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as error:  # a field over the csv module's size limit, a NUL byte
        raise ContentError([f"{name}:{reader.line_num}: not a readable CSV row: {error}"]) from None
    return rows


def check_row(row: list[str]) -> str | None:
    """Return why a registry row cannot be read as written (a stray quote shifts fields), or None."""
    if len(row) != 3:
        return f"expected 3 fields (Value, Description, Reference), found {len(row)}: is a quote missing?"
    if any(not field.isprintable() for field in row):
        return "a field holds a line break or a control character: is a quote missing?"
    if not (VALUE_PATTERN.fullmatch(row[0]) or RANGE_PATTERN.fullmatch(row[0])):
        return f"value {row[0]!r} is not a code or a range such as 105-199"
    if any(mark in row[1] for mark in '"[]'):
        return f"description {row[1]!r} holds a quote or a bracket: is a quote misplaced?"
    if not REFERENCES_PATTERN.fullmatch(row[2]):
        return f"reference {row[2]!r} is not a list of [references]"
    return None


def parse_entry(description: str, reference: str) -> RegistryEntry:
    """Turn one registry row's description and reference into an entry."""
    references = tuple(parse_reference(text) for text in REFERENCE_PATTERN.findall(reference))
    if description == "(Unused)":
        return RegistryEntry(description, "unused", references)
    if "(OBSOLETED)" in description:
        return RegistryEntry(description.replace("(OBSOLETED)", "").strip(), "obsoleted", references)
    if "(TEMPORARY" in description:
        phrase, _, note = description.partition("(TEMPORARY")
        expiry = EXPIRY_PATTERN.search(note)
        return RegistryEntry(phrase.strip(), "temporary", references, expiry.group(1) if expiry else "")
    return RegistryEntry(description.strip(), "registered", references)


def parse_reference(text: str) -> Reference:
    """Turn "RFC9110, Section 15.5.5" into its text and rfc-editor link."""
    rfc = RFC_PATTERN.fullmatch(text.strip())
    if rfc and rfc.group(2) and rfc.group(1) == "9110":
        return Reference(f"RFC 9110 §{rfc.group(2)}", f"{RFC9110_URL}#section-{rfc.group(2)}")
    if rfc:
        suffix = f" §{rfc.group(2)}" if rfc.group(2) else ""
        return Reference(f"RFC {rfc.group(1)}{suffix}", f"https://www.rfc-editor.org/rfc/rfc{rfc.group(1)}.html")
    draft = DRAFT_PATTERN.search(text)
    if draft:
        return Reference(text, f"https://datatracker.ietf.org/doc/{draft.group(0).lower()}/")
    return Reference(text, "")
