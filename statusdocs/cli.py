"""The command line: build the HTTP status code reference site; problems are printed here and nowhere else.

`python build.py [--out DIR] [--site-url URL]` builds into site/; `python build.py check [--strict]` lints the
content and checks a build; `python build.py serve [--host H] [--port N]` serves a build with live reload.
"""
from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from .cache import open_cache
from .read.files import registry_notice
from .model import ContentError, Settings, split_problem
from .pipeline import load_site
from .output.render import render_pages
from .output.traditional import Converter
from .output.urls import NO_SITE_URL, normalize_site_url, site_path
from .output.write import write_tree

ROOT = Path(__file__).resolve().parents[1]  # the checkout: content/, templates/ and site/ are its folders


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    if isinstance(sys.stdout, io.TextIOWrapper):  # a lone surrogate in a message is printed escaped, as on stderr
        sys.stdout.reconfigure(errors="backslashreplace")
    args = parse_args(argv)
    try:
        settings = Settings(site_url=normalize_site_url(args.site_url))
    except ValueError as error:
        print(f"error: --site-url: {error}", file=sys.stderr)
        return 2
    if args.command == "serve":
        return serve_site(args, settings)
    if args.command == "check":
        return check(args.content, args.templates, settings, args.strict, args.format)
    started = time.perf_counter()
    try:
        pages = build(args.content, args.templates, args.out, settings)
    except ContentError as error:
        print("\n".join(error.problems), file=sys.stderr)
        print(f"build failed: {len(error.problems)} problem(s); {args.out} left unchanged", file=sys.stderr)
        return 1
    except OSError as error:  # a read-only disk, a full disk: the user's machine, not a bug
        print(f"{error.filename or args.out}: cannot write the site: {error.strerror}", file=sys.stderr)
        return 1
    advice = "" if settings.site_url else f" ({NO_SITE_URL})"  # for the owner: the pages say nothing of it
    print(f"built {pages} files into {args.out} in {time.perf_counter() - started:.2f} s{advice}")
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command-line options: a build by default, or the `check` or `serve` command."""
    parser = argparse.ArgumentParser(description="Build the HTTP status code reference site.")
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="output folder (default: site/)")
    add_source_options(parser, default=True)
    commands = parser.add_subparsers(dest="command", metavar="command")
    check = commands.add_parser("check", help="lint the content, cross-check the registry, build into a "
                                "temporary folder and check every internal link and anchor")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--format", choices=("text", "github"), default="text",
                       help="how findings are printed: text, `path:line: level: message` (the default), or "
                       "github, GitHub Actions annotations (`::error file=path,line=N::message`; notes and "
                       "acknowledged findings are ::notice) on the line that holds them")
    add_source_options(check, default=False)
    serve = commands.add_parser("serve", help="build into a temporary folder, serve it, rebuild and "
                                "reload the browser on every change under content/ and templates/")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    add_source_options(serve, default=False)
    return parser.parse_args(argv)


def add_source_options(parser: argparse.ArgumentParser, default: bool) -> None:
    """Add --site-url, --content and --templates; a command's copies keep what came before it."""
    def given(value: object) -> object:
        return value if default else argparse.SUPPRESS
    parser.add_argument("--site-url", default=given(""), help="absolute URL the site is published at, "
                        "e.g. https://user.github.io/repo/ (canonical links, sitemap, 404 page; "
                        "serve mounts the site under its path)")
    parser.add_argument("--content", type=Path, default=given(ROOT / "content"),
                        help="content folder (default: content/)")
    parser.add_argument("--templates", type=Path, default=given(ROOT / "templates"),
                        help="templates folder (default: templates/)")


def build(content: Path, templates: Path, out: Path, settings: Settings, converter: Converter | None = None) -> int:
    """Build the whole site into `out`; return the number of files written (`converter`: serve's, see traditional)."""
    if notice := registry_notice(content):  # said on every build, the memo's too
        print(notice, file=sys.stderr)
    cache = open_cache(converter)
    site = load_site(content, cache).records()  # ContentError listing every problem
    print_warnings(site.warnings)  # rows and tables skipped as not about codes: said, never silent
    pages = render_pages(site, templates, settings, cache)
    print_warnings(write_tree(pages, out, sources=(content, templates), project=ROOT, waiting=lambda: print(
        f"{out}: waiting for another build into this folder to finish", file=sys.stderr, flush=True)))
    return len(pages)


def print_warnings(warnings: Iterable[str]) -> None:
    """Print `path:line: message` warnings as `path:line: warning: message` on stderr."""
    for warning in warnings:
        location, message = split_problem(warning)
        print(f"{location}: warning: {message}", file=sys.stderr)


def check(content: Path, templates: Path, settings: Settings, strict: bool, style: str = "text") -> int:
    """Print every finding (as text or as GitHub annotations); return 1 on an error (or a warning, if strict)."""
    from .check import LEVELS, run_checks, source_folders  # only `check` needs the lint and link check

    findings = run_checks(content, templates, settings, open_cache())
    if strict:
        findings = [replace(finding, level="error") if finding.level == "warning" else finding
                    for finding in findings]
    folders = source_folders(content, templates)
    for finding in findings:
        print(finding.github(folders) if style == "github" else finding)
    if not settings.site_url:  # for the owner, on stderr with the counts: the findings on stdout are the content's
        print(f"note: {NO_SITE_URL}", file=sys.stderr)
    count = {level: sum(finding.level == level for finding in findings) for level in LEVELS}
    print(f"check: {count['error']} error(s), {count['warning']} warning(s), {count['note']} note(s), "
          f"{count['acknowledged']} acknowledged", file=sys.stderr)
    return 1 if count["error"] else 0


def serve_site(args: argparse.Namespace, settings: Settings) -> int:
    """Serve a build in a temporary folder with live reload until Ctrl-C; remove the folder after."""
    from .serve import ServeOptions, serve  # livereload is imported for this command only

    options = ServeOptions(args.host, args.port, site_path(settings.site_url))
    converter = Converter()  # the build process keeps OpenCC's conversions in it from one rebuild to the next
    with tempfile.TemporaryDirectory(prefix="statusdocs-serve-") as folder:
        out = Path(folder)
        try:
            serve(lambda into: build(args.content, args.templates, into, settings, converter), out,
                  [args.content, args.templates], options)
        except ContentError as error:
            print("\n".join(error.problems), file=sys.stderr)
            return 1
    return 0


def main_exit() -> None:
    """Run the command line and end the process with its status, skipping the interpreter's teardown."""
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Every file is written and closed. Tearing the interpreter down costs 15 ms of a 92 ms warm build and 76 ms
    # of OpenCC's destructors in a build that makes the Traditional map (median of 25 runs): skip it.
    os._exit(status)
