"""Build the HTTP status code reference site: `python build.py [--out DIR] [--site-url URL]`.

`python build.py serve [--host H] [--port N]` builds into a temporary folder and serves it with live reload.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from statusdocs.model import ContentError, Settings, Site
from statusdocs.parse import read_documents
from statusdocs.records import build_site
from statusdocs.registry import read_registry
from statusdocs.render import render_pages, site_path
from statusdocs.write import write_tree

ROOT = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parse_args(argv)
    settings = Settings(site_url=args.site_url)
    if args.command == "serve":
        return serve_site(args, settings)
    started = time.perf_counter()
    try:
        pages = build(args.content, args.templates, args.out, settings)
    except ContentError as error:
        print("\n".join(error.problems), file=sys.stderr)
        print(f"build failed: {len(error.problems)} problem(s); {args.out} left unchanged", file=sys.stderr)
        return 1
    print(f"built {pages} files into {args.out} in {time.perf_counter() - started:.2f} s")
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command-line options."""
    parser = argparse.ArgumentParser(description="Build the HTTP status code reference site.")
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="output folder (default: site/)")
    parser.add_argument("--site-url", default="", help="absolute URL the site is published at, "
                        "e.g. https://user.github.io/repo/ (canonical links, sitemap, 404 page)")
    parser.add_argument("--content", type=Path, default=ROOT / "content", help="content folder (default: content/)")
    parser.add_argument("--templates", type=Path, default=ROOT / "templates",
                        help="templates folder (default: templates/)")
    add_serve_command(parser.add_subparsers(dest="command", metavar="command"))
    return parser.parse_args(argv)


def add_serve_command(commands: argparse._SubParsersAction) -> None:
    """Add `serve`; its --content, --templates and --site-url may also come before the command."""
    serve = commands.add_parser("serve", help="build into a temporary folder, serve it, rebuild and "
                                "reload the browser on every change under content/ and templates/")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--site-url", default=argparse.SUPPRESS, help="serve under this URL's path, "
                       "e.g. /repo/ for https://user.github.io/repo/, as it will be deployed")
    serve.add_argument("--content", type=Path, default=argparse.SUPPRESS, help="content folder to watch")
    serve.add_argument("--templates", type=Path, default=argparse.SUPPRESS, help="templates folder to watch")


def build(content: Path, templates: Path, out: Path, settings: Settings) -> int:
    """Build the whole site into `out`; return the number of files written."""
    site = read_site(content)
    pages = render_pages(site, templates, settings)
    write_tree(pages, out)
    return len(pages)


def serve_site(args: argparse.Namespace, settings: Settings) -> int:
    """Serve a build in a temporary folder with live reload until Ctrl-C; remove the folder after."""
    from statusdocs.serve import ServeOptions, serve  # livereload is imported for this command only

    options = ServeOptions(args.host, args.port, site_path(settings))
    with tempfile.TemporaryDirectory(prefix="statusdocs-serve-") as folder:
        out = Path(folder)
        try:
            serve(lambda: build(args.content, args.templates, out, settings), out,
                  [args.content, args.templates], options)
        except ContentError as error:
            print("\n".join(error.problems), file=sys.stderr)
            return 1
    return 0


def read_site(content: Path) -> Site:
    """Read every content file and the registry into the site's records."""
    return build_site(read_documents(content), read_registry(content / "registry.csv"))


if __name__ == "__main__":
    sys.exit(main())
