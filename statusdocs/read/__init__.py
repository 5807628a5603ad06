"""Read the content: files, Markdown tables, rows, the table lint, registry and facts, each with its path:line."""
