"""Content lint for `check`: the registry cross-check, reason phrases, skipped rows (raw table lines: read/table_lint.py)."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..model import UNOFFICIAL, Document, ReferenceData, RegistryEntry
from ..records import find_unshown_facts, find_unused_credits


def cross_check_registry(documents: Sequence[Document], registry: dict[int, RegistryEntry], today: date) -> list[str]:
    """Return `path:line: message` for every disagreement between the content and the registry."""
    standard = [doc for doc in documents if doc.provenance != UNOFFICIAL]  # vendors' codes are non-standard
    problems = [problem for doc in standard for row in doc.rows
                if (problem := describe_status(row.source, row.code, registry.get(row.code)))]
    problems += find_phrase_mismatches(standard, registry)
    problems += [warning for doc in documents for warning in doc.warnings]
    for code in find_undocumented(documents, registry):
        entry = registry[code]
        if not has_expired(entry, today):
            problems.append(f"{entry.source}: status code {code} {entry.phrase} is registered"
                            f"{describe_expiry(entry)} but not documented")
    return problems


def list_expired_registrations(documents: Sequence[Document], registry: dict[int, RegistryEntry],
                               today: date) -> list[str]:
    """Return a note for every undocumented temporary registration that has expired: such a code needs no page."""
    return [f"{registry[code].source}: status code {code} {registry[code].phrase} is not documented: "
            f"its temporary registration expired {registry[code].expires}, and an expired registration needs no page"
            for code in find_undocumented(documents, registry) if has_expired(registry[code], today)]


def list_assigned_vendor_codes(documents: Sequence[Document], registry: dict[int, RegistryEntry]) -> list[str]:
    """Return a note for every code an unofficial document gives that the registry assigns: its standard meaning
    comes first on the page, the vendor's meaning after it."""
    return [f"{row.source}: status code {row.code} is assigned by the IANA registry ({registry[row.code].phrase}): "
            f"the page gives that meaning first and this one after it"
            for doc in documents if doc.provenance == UNOFFICIAL for row in doc.rows
            if registry.get(row.code) and registry[row.code].status not in ("unassigned",)]


def find_undocumented(documents: Sequence[Document], registry: dict[int, RegistryEntry]) -> list[int]:
    """Return the codes the registry assigns (registered or temporary) that no standard document describes."""
    documented = {row.code for doc in documents if doc.provenance != UNOFFICIAL for row in doc.rows}
    return [code for code, entry in sorted(registry.items())
            if entry.status in ("registered", "temporary") and code not in documented]


def has_expired(entry: RegistryEntry, today: date) -> bool:
    """Tell whether a temporary registration's expiry date is before `today`."""
    try:
        return bool(entry.expires) and date.fromisoformat(entry.expires) < today
    except ValueError:  # "2026-13-45": not a day, so not known to have passed
        return False


def find_phrase_mismatches(documents: Sequence[Document], registry: dict[int, RegistryEntry]) -> list[str]:
    """Return a problem for every reason phrase the content gives that is not the registry's current one."""
    return [f"{row.source}: reason phrase \"{row.phrase}\" differs from the registry's \"{registry[row.code].phrase}\""
            for doc in documents for row in doc.rows if row.phrase and row.code in registry
            and registry[row.code].status != "unused" and row.phrase != registry[row.code].phrase]


def describe_status(source: str, code: int, entry: RegistryEntry | None) -> str | None:
    """Return why a documented code is not a current registration, or None when it is one."""
    if entry is None or entry.status == "unassigned":
        return f"{source}: status code {code} is not in the IANA registry"
    if entry.status == "unused":
        return f"{source}: status code {code} is marked (Unused) in the IANA registry"
    if entry.status == "obsoleted":
        return f"{source}: status code {code} {entry.phrase} is marked obsoleted in the IANA registry"
    return None


def describe_expiry(entry: RegistryEntry) -> str:
    """Return " (temporary, expires 2027-01-01)" for a temporary registration, "" for any other."""
    if entry.status != "temporary":
        return ""
    return f" (temporary, expires {entry.expires})" if entry.expires else " (temporary)"


def cross_check_facts(documents: Sequence[Document], reference: ReferenceData) -> list[str]:
    """Return a problem for each fact row no page shows, credit no page shows, documented code without constants,
    missing Python name, and standard code said to be in no response."""
    documented = {row.code: row.source for doc in documents for row in doc.rows}
    standard = {row.code: row.source for doc in documents if doc.provenance != UNOFFICIAL for row in doc.rows}
    problems = find_unshown_facts(reference, documented) + find_unused_credits(documents, reference)
    if reference.constants_file:  # content without the file does without constants
        problems += [f"{source}: status code {code} has no row in {reference.constants_file}"
                     for code, source in standard.items()  # libraries name standard codes, not vendors' ones
                     if code not in reference.facts or not reference.facts[code].constants]
    problems += [f"{source}: status code {code} has a standard meaning, which responses carry: not-sent.md is for "
                 "codes only a software's own side records" for code, source in reference.rows
                 if source.rsplit(":", 1)[0].endswith("/not-sent.md") and code in standard]
    return problems + find_missing_python_constants(reference)


def find_missing_python_constants(reference: ReferenceData) -> list[str]:
    """Return a problem for every Python constant that the running Python lacks or gives another code."""
    import http  # the running interpreter's HTTPStatus is the source the python column is checked against
    import sys

    version = sys.version_info[:2]
    rows = {code: source for code, source in reference.rows if source.rsplit(":", 1)[0] == reference.constants_file}
    problems = []
    for code, facts in reference.facts.items():
        for constants in facts.constants:
            for constant in constants.names if constants.language == "python" else ():
                if any(note.endswith("+") and version_of(note[:-1]) > version for note in constant.notes):
                    continue  # stated to arrive in a later Python
                member = http.HTTPStatus.__members__.get(constant.name)
                if member is None or member.value != code:
                    found = "is not in" if member is None else f"is {member.value} in"
                    problems.append(f"{rows[code]}: HTTPStatus.{constant.name} {found} this Python "
                                    f"({version[0]}.{version[1]})")
    return problems


def version_of(text: str) -> tuple[int, ...]:
    """Return "3.13" as (3, 13); a version that is not numbers as (0,), older than any."""
    try:
        return tuple(int(part) for part in text.split("."))
    except ValueError:
        return (0,)
