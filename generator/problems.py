"""A problem in the user's input, located by file and line."""
from __future__ import annotations

import re
from dataclasses import dataclass

# Characters that must not reach a terminal as they are: control characters (a newline would fake
# another `path:line:` line, an escape sequence could rewrite the screen), bidirectional overrides, and the
# invisible ones (a key 'na\u200bme' would otherwise be shown as 'name', said to be unknown).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064"
                          "\u2066-\u2069\ufeff]")


def printable(text: str) -> str:
    """Text with every unprintable character shown as an escape, such as \\x1b."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) > 0xff
                            else f"\\x{ord(m.group()):02x}", text)


def _shorten(message: str, limit: int = 500) -> str:
    """A message is a sentence or two; one this long quotes a huge value: keep its start and its end."""
    if len(message) <= limit:
        return message
    return message[: limit - 120] + " […] " + message[-100:]


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the project root, with forward slashes
    line: int
    message: str

    def __str__(self) -> str:
        return f"{printable(self.path)}:{self.line}: {_shorten(printable(self.message))}"


class InputError(Exception):
    """Raised by the library when the user's input has problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(problems)
