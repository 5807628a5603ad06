"""IANA registry CSV -> reason phrase, specification and status per code."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from .model import ContentError, Reference, RegistryEntry
from .parse import check_line_lengths, decode_file

RFC9110_URL = "https://www.rfc-editor.org/rfc/rfc9110.html"
REFERENCE_PATTERN = re.compile(r"\[([^\]]+)\]")
RFC_PATTERN = re.compile(r"RFC\s*(\d+)(?:,\s*Section\s+([\d.]+))?", re.IGNORECASE)
DRAFT_PATTERN = re.compile(r"draft-[a-z0-9-]+", re.IGNORECASE)
VALUE_PATTERN = re.compile(r"[0-9]{1,6}")  # one code; ranges such as "104-199" are unassigned
EXPIRY_PATTERN = re.compile(r"expires (\d{4}-\d{2}-\d{2})")  # in "(TEMPORARY - registered ..., expires 2026-11-13)"
UNASSIGNED = RegistryEntry("", "unassigned", ())


def read_registry(path: Path) -> dict[int, RegistryEntry]:
    """Read the registry CSV (Value, Description, Reference) into entries by code."""
    name = f"{path.parent.name}/{path.name}"
    text = decode_file(path, name)
    check_line_lengths(text, name)
    reader = csv.DictReader(io.StringIO(text))
    try:
        if not {"Value", "Description", "Reference"} <= set(reader.fieldnames or ()):
            raise ContentError([f"{name}:1: expected the columns Value, Description, Reference"])
        return {int(row["Value"]): parse_entry(row["Description"] or "", row["Reference"] or "")
                for row in reader if VALUE_PATTERN.fullmatch(row["Value"] or "")
                and row["Description"] != "Unassigned"}
    except csv.Error as error:  # a field over the csv module's size limit, a stray quote
        raise ContentError([f"{name}:{reader.line_num}: not a readable CSV row: {error}"]) from None


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
