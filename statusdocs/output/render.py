"""Records -> {relative path: text} for every page and asset; writes nothing."""
from __future__ import annotations

import re
import traceback
from collections.abc import Callable
from pathlib import Path

from jinja2 import (Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, TemplateError,
                    TemplateNotFound, TemplateSyntaxError)
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from .api import build_api
from ..cache import NO_CACHE, Cache
from ..read.files import decode_text, is_source_name, utf8_problem
from .inventory import build_inventory
from ..model import (CACHING_WORDS, LANGUAGE_FORMS, LEVEL_WORDS, MDN_HEADER_URL, STATUS_LABELS, Constant, ContentError,
                    Settings, Site, StatusClass, StatusCode, Vendor, printable)
from .search import render_search_files
from .sitemap import build_sitemap
from .urls import code_url, link_snippets, site_path

CSS_COMMENT = re.compile(r"/\*.*?\*/\n?", re.S)
JS_COMMENT_LINE = re.compile(r"^[ \t]*//[^\n]*\n", re.M)  # our scripts hold no template literal a line could start
URL_PATTERN = re.compile(r"https?://[^\s<>\"'，。）]+")
CAMEL_CASE = re.compile(r"(?<=[a-z])(?=[A-Z])")  # StatusNot|Found: a constant may wrap there, and after _ . ::
TEXT_ASSETS = (".css", ".js")  # read as UTF-8 to drop their comments; every other asset is copied as it is
OUR_CODE = Path(__file__).resolve().parents[1]  # the whole package: an exception raised here, not in a template, is a bug


def render_pages(site: Site, templates: Path, settings: Settings, cache: Cache = NO_CACHE) -> dict[str, str | bytes]:
    """Render every page, copy every asset, add the data files; a broken template is a `path:line` error."""
    try:
        pages = render_all(make_environment(templates, site, settings, cache), site, templates, settings, cache)
    except ContentError:
        raise
    except Exception as error:  # a template that divides by zero or recurses is the user's; our code's is a bug
        problem = describe_template_error(error, templates)
        if problem is None:
            raise
        raise ContentError([problem]) from None
    return {**pages, **build_api(site, settings.site_url), **build_inventory(site),
            **build_sitemap(pages, settings.site_url)}


def render_all(env: Environment, site: Site, templates: Path, settings: Settings,
               cache: Cache) -> dict[str, str | bytes]:
    """Render every page and copy every asset into a mapping of output path -> text."""
    pages: dict[str, str | bytes] = {"index.html": env.get_template("index.html").render(root="", page_path="")}
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
    embed = f"{templates.name}/embed.js"  # at the root: other sites load it
    pages["embed.js"] = decode_text(read_asset_bytes(templates / "embed.js", embed), embed)
    pages.update(render_search_files(site, cache))
    return pages


def describe_template_error(error: Exception, templates: Path) -> str | None:
    """Return `templates/name.html:line: message` for a template that fails to load, compile or render; None for
    an exception that our own code raised, not a template (a bug)."""
    frame, ours = template_frame(error, templates)
    if isinstance(error, TemplateNotFound):  # named where it is included, if it is
        return (f"{templates.name}/{frame[0]}:{frame[1]}: template {error.name} not found" if frame
                else f"{templates.name}/{error.name}: template not found")
    if isinstance(error, TemplateSyntaxError) and error.name:  # at compile time: no template frame runs yet
        frame = (error.name, error.lineno)
    elif not isinstance(error, TemplateError) and (frame is None or ours):
        return None
    message = error.message if isinstance(error, TemplateError) else f"{error} ({type(error).__name__})"
    name, line = frame or ("?", 1)
    return f"{templates.name}/{name}:{line}: {printable(message or type(error).__name__)}"


def template_frame(error: Exception, templates: Path) -> tuple[tuple[str, int] | None, bool]:
    """Return the template and line the innermost template frame of the error's traceback is at, if any, and
    whether our code ran between that frame and the raise."""
    folder, ours = templates.resolve(), False
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        path = Path(frame.filename).resolve()
        if path.is_relative_to(OUR_CODE):
            ours = True
        elif path.is_relative_to(folder):
            return (path.relative_to(folder).as_posix(), frame.lineno or 1), ours
    return None, ours


def code_vendors(code: StatusCode) -> list[Vendor]:
    """Return the software that sends a non-standard code, or gives a code a meaning of its own."""
    return ([code.vendor] if code.vendor else []) + [meaning.vendor for meaning in code.meanings]


def make_environment(templates: Path, site: Site, settings: Settings, cache: Cache) -> Environment:
    """Return the Jinja environment: autoescaped, strict, with the site as a global."""
    env = Environment(loader=TemplateLoader(templates), autoescape=True, undefined=StrictUndefined,
                      bytecode_cache=TemplateCache(str(cache.folder)) if cache.folder else None, auto_reload=False,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals.update(site=site, site_url=settings.site_url, status_labels=STATUS_LABELS,
                       codes_by_number={code.code: code for code in site.codes}, caching_words=CACHING_WORDS,
                       level_words=LEVEL_WORDS, language_forms=LANGUAGE_FORMS, mdn_header_url=MDN_HEADER_URL,
                       constants_rows=constants_rows, code_vendors=code_vendors)
    env.filters["link_urls"] = link_urls  # a document's blockquote, in the footer of the pages showing its text
    return env


class TemplateCache(FileSystemBytecodeCache):
    """Compiled templates in the cache folder, keyed by their source as Python keeps .pyc; one that cannot be
    written (the folder was removed meanwhile) is left out, where Jinja's own would fail the build."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep a compiled template, if the folder is still there."""
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


class TemplateLoader(FileSystemLoader):
    """Jinja's file loader; a template that is not UTF-8 or cannot be read is a `templates/name:line` error."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Callable[[], bool]]:
        """Return a template's source, as FileSystemLoader does."""
        name = f"{Path(self.searchpath[0]).name}/{template}"
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as error:  # the loader decodes the whole file: `object` holds its bytes
            raise ContentError([utf8_problem(error, name)]) from None
        except TemplateNotFound:  # an OSError too: said where the template is included
            raise
        except OSError as error:
            raise ContentError([f"{name}: cannot read this file: {error.strerror}"]) from None


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
    """Return the rows of a code's constants table: per language, the names and a copy button."""
    # Joined here rather than looped over in code.html: Jinja would spend milliseconds of every build on 520 rows.
    return Markup("".join(
        f'<tr><th scope="row">{LANGUAGE_FORMS[constants.language][0]}</th><td>'
        f'{constants_cell(constants.language, constants.names)}</td><td>'
        + (f'<button type="button" data-copy="const-{constants.language}" hidden>复制</button>' if constants.names
           else "") + "</td></tr>\n" for constants in code.constants))


def constants_cell(language: str, names: tuple[Constant, ...]) -> str:
    """Return the HTML of one language's cell in a code page's constants table: each name with its notes."""
    # `language` is one of constants.md's fixed columns; every text from a cell is escaped.
    parts = []
    for index, constant in enumerate(names):
        identity = f' id="const-{language}"' if index == 0 else ""
        parts.append(f"<code{identity}>{breakable(constant.code)}</code>")
        if language == "node":
            parts.append(f' <span class="phrase">“{escape(constant.name)}”</span>')
        parts.extend(f" <small>{escape(describe_note(note))}</small>" for note in constant.notes)
        if index + 1 < len(names):
            parts.append("<br>")
    return "".join(parts) or '<span class="none">—</span>'


def breakable(text: str) -> str:
    """Escape a constant and let it wrap between its words (after `_`, `.`, `::`, before a capital), not inside one."""
    escaped = str(escape(text)).replace("_", "_<wbr>").replace(".", ".<wbr>").replace("::", "::<wbr>")
    return CAMEL_CASE.sub("<wbr>", escaped)


def describe_note(note: str) -> str:
    """Return a constant's note in Chinese: "3.13+" -> "3.13 起"，"deprecated 7.0" -> "7.0 起弃用"."""
    word, _, version = note.partition(" ")
    if note.endswith("+"):
        return f"{note[:-1]} 起"
    if word == "deprecated":
        return f"{version} 起弃用" if version else "已弃用"
    return f"{version} 已删除"


def read_assets(folder: Path) -> dict[str, str | bytes]:
    """Return the user's files under the templates' assets folder by output path, but hidden and editor files."""
    assets: dict[str, str | bytes] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if all(is_source_name(part) for part in relative.split("/")) and not path.is_dir():  # not .style.css.swp
            assets[f"assets/{relative}"] = read_asset(path, f"{folder.parent.name}/assets/{relative}")
    return assets


def read_asset(path: Path, name: str) -> str | bytes:
    """Return a style sheet or script as text without its comments, any other asset (an image, a font) as bytes."""
    data = read_asset_bytes(path, name)
    return strip_comments(decode_text(data, name), path.suffix) if path.suffix in TEXT_ASSETS else data


def read_asset_bytes(path: Path, name: str) -> bytes:
    """Return the bytes of a file the templates folder holds; a missing one, a FIFO or a socket is a problem."""
    if not path.is_file():  # a FIFO would block the build forever
        found = path.exists() or path.is_symlink()
        raise ContentError([f"{name}: {'not a regular file; an asset must be one' if found else 'file not found'}"])
    try:
        return path.read_bytes()
    except OSError as error:
        raise ContentError([f"{name}: cannot read this file: {error.strerror}"]) from None


def strip_comments(text: str, suffix: str) -> str:
    """Drop what only a reader of the source needs: CSS comments, whole-line // comments in scripts (10% gzipped)."""
    if suffix == ".css":
        return CSS_COMMENT.sub("", text)
    return JS_COMMENT_LINE.sub("", text) if suffix == ".js" else text
