"""statusdocs: a static site generator for a reference of HTTP status codes written as Markdown.

One pipeline, laid out by stage; each stage imports only the stages before it:

    content/*.md, registry.csv, reference/*.md
        |
        v
    read/       files -> Markdown tables -> rows, registry, facts (typed rows with path:line; the table lint)
        |
        v
    records.py  rows + registry + facts -> the site's records (model.py: the records, no I/O)
        |                                   pipeline.py load_site(): this path, with the memo (memo.py, cache.py)
        v
    output/     pages, api, search, traditional, inventory, sitemap, urls -> the output folder (write.py)

    check/      beside the pipeline: the registry lint, the link check, acknowledged findings
    serve.py    the dev server, handed a rebuild function;  cli.py  the command line, where problems are printed
"""
