"""The terminal: text from documents is printed as it is, never read as Rich markup.

File names, unit names and error lines come from the documents: `[/red]` in one of them
crashed Rich's markup parser, and a line of backslashes took it minutes.  Every console
here has markup, highlighting and emoji codes off; colour is given explicitly with
`styled`.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text


def plain_console(**options: object) -> Console:
    """A Rich console that prints strings verbatim (no markup, highlighting or emoji)."""
    return Console(markup=False, highlight=False, emoji=False, **options)  # type: ignore[arg-type]


def styled(style: str, label: str, text: str = "") -> Text:
    """`label` in `style`, then `text` verbatim.

    >>> styled("red", "error", " [/red] a.txt").plain
    'error [/red] a.txt'
    """
    return Text.assemble((label, style), text)
