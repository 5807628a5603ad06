"""Records -> {relative path: text} for every page and asset; writes nothing."""
from __future__ import annotations

import re
import traceback
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, TemplateError
from markupsafe import Markup, escape

from .api import build_api
from .inventory import build_inventory
from .model import (CACHING_WORDS, LANGUAGE_FORMS, LEVEL_WORDS, MDN_HEADER_URL, STATUS_LABELS, ContentError, Settings,
                    Site, StatusClass, StatusCode, Vendor)
from .search import render_search_files
from .sitemap import build_sitemap
from .urls import code_url, link_snippets, site_path

CSS_COMMENT = re.compile(r"/\*.*?\*/\n?", re.S)
JS_COMMENT_LINE = re.compile(r"^[ \t]*//[^\n]*\n", re.M)  # our scripts hold no template literal a line could start
URL_PATTERN = re.compile(r"https?://[^\s<>\"'，。）]+")


def render_pages(site: Site, templates: Path, settings: Settings) -> dict[str, str | bytes]:
    """Render every page, copy every asset, add the data files; a broken template is a `path:line` error."""
    try:
        pages = render_all(make_environment(templates, site, settings), site, templates, settings)
    except TemplateError as error:
        raise ContentError([describe_template_error(error, templates)]) from None
    return {**pages, **build_api(site, settings.site_url), **build_inventory(site),
            **build_sitemap(pages, settings.site_url)}


def render_all(env: Environment, site: Site, templates: Path, settings: Settings) -> dict[str, str]:
    """Render every page and copy every asset into a mapping of output path -> text."""
    pages = {"index.html": env.get_template("index.html").render(root="", page_path="")}
    pages["404.html"] = env.get_template("404.html").render(root=site_path(settings.site_url), page_path="404.html")
    code_template = env.get_template("code.html")
    codes = site.codes
    for index, code in enumerate(codes):
        permalink = code_url(code.code, settings.site_url)
        pages[code_path(code.code)] = code_template.render(
            root="../../", page_path=f"codes/{code.code}/", code=code,
            permalink=permalink, snippets=link_snippets(code.title, permalink),
            status_class=class_of(site, code), previous=codes[index - 1] if index else None,
            next=codes[index + 1] if index + 1 < len(codes) else None)
    class_template = env.get_template("class.html")
    for status_class in site.classes:
        pages[f"classes/{status_class.label}/index.html"] = class_template.render(
            root="../../", page_path=f"classes/{status_class.label}/", status_class=status_class)
    pages.update(read_assets(templates / "assets"))
    pages["embed.js"] = (templates / "embed.js").read_text(encoding="utf-8")  # at the root: other sites load it
    pages.update(render_search_files(site, Path(env.bytecode_cache.directory)))  # type: ignore[union-attr]
    return pages


def describe_template_error(error: TemplateError, templates: Path) -> str:
    """Return `templates/name.html:line: message` for a template that fails to compile or render."""
    name, line = getattr(error, "name", None), getattr(error, "lineno", None)
    if name is None:  # a render-time error: the template frame in the traceback has the line
        frames = traceback.extract_tb(error.__traceback__)
        frame = next((f for f in reversed(frames) if Path(f.filename).parent == templates.resolve()
                      or Path(f.filename).parent == templates), None)
        name, line = (Path(frame.filename).name, frame.lineno) if frame else ("?", 0)
    return f"{templates.name}/{name}:{line or 1}: {error.message or type(error).__name__}"


def code_vendors(code: StatusCode) -> list[Vendor]:
    """Return the software that sends a non-standard code, or gives a code a meaning of its own."""
    return ([code.vendor] if code.vendor else []) + [meaning.vendor for meaning in code.meanings]


def make_environment(templates: Path, site: Site, settings: Settings) -> Environment:
    """Return the Jinja environment: autoescaped, strict, with the site as a global."""
    # Compiled templates are kept in the user's temporary folder, keyed by their source, as Python keeps .pyc.
    env = Environment(loader=FileSystemLoader(templates), autoescape=True, undefined=StrictUndefined,
                      bytecode_cache=FileSystemBytecodeCache(), auto_reload=False,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals.update(site=site, site_url=settings.site_url, status_labels=STATUS_LABELS,
                       codes_by_number={code.code: code for code in site.codes}, caching_words=CACHING_WORDS,
                       level_words=LEVEL_WORDS, language_forms=LANGUAGE_FORMS, mdn_header_url=MDN_HEADER_URL,
                       constants_rows=constants_rows, code_vendors=code_vendors)
    env.globals["attribution_html"] = Markup("\n").join(  # the same on every page: made once
        Markup("<p>{}</p>").format(link_urls(line)) for line in site.attribution)
    return env


def code_path(code: int) -> str:
    """Return the output path of a code's page."""
    return f"codes/{code}/index.html"


def class_of(site: Site, code: StatusCode) -> StatusClass:
    """Return the class a code belongs to."""
    return next(status_class for status_class in site.classes if status_class.digit == code.class_digit)


def link_urls(text: str) -> Markup:
    """Escape `text` and turn the http(s) URLs in it into links."""
    parts, position = [], 0
    for match in URL_PATTERN.finditer(text):
        url = match.group()
        parts += [escape(text[position:match.start()]), Markup('<a href="{0}">{0}</a>').format(url)]
        position = match.end()
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def constants_rows(code: StatusCode) -> Markup:
    """Return the rows of a code's constants table: per language, the names (made with the facts) and a copy button."""
    # Joined here rather than looped over in code.html: Jinja would spend milliseconds of every build on 520 rows.
    return Markup("".join(
        f'<tr><th scope="row">{LANGUAGE_FORMS[constants.language][0]}</th><td>{constants.html}</td><td>'
        + (f'<button type="button" data-copy="const-{constants.language}" hidden>复制</button>' if constants.names
           else "") + "</td></tr>\n" for constants in code.constants))


def read_assets(folder: Path) -> dict[str, str]:
    """Return every file under the templates' assets folder by its output path, without its comment lines."""
    return {f"assets/{path.relative_to(folder).as_posix()}":
            strip_comments(path.read_text(encoding="utf-8"), path.suffix)
            for path in sorted(folder.rglob("*")) if path.is_file()}


def strip_comments(text: str, suffix: str) -> str:
    """Drop what only a reader of the source needs: CSS comments, whole-line // comments in scripts (10% gzipped)."""
    if suffix == ".css":
        return CSS_COMMENT.sub("", text)
    return JS_COMMENT_LINE.sub("", text) if suffix == ".js" else text
