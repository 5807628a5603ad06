"""Build the HTTP status code reference site: `python build.py --help` (the code is statusdocs/cli.py)."""
from statusdocs.cli import main, main_exit

__all__ = ["main"]

if __name__ == "__main__":
    main_exit()
