"""The console front end: the same conversation, read from stdin, written to stdout.

One console run is one conversation, kept in memory: a new run is a new session.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TextIO

from bot import messages
from bot.conversation.dialogue import Conversation
from bot.render_text import Emphasis, render
from bot.reply import Action, Reply

_ARTICLE = re.compile(r"^(?:article|artikkel|vis)\s+(\d+)$", re.IGNORECASE)
_MORE = frozenset({"more", "mer", "flere", "neste"})
_HELP = frozenset({"help", "hjelp", "?"})
_REFRESH = frozenset({"refresh", "oppdater"})
_QUIT = frozenset({"quit", "exit", "avslutt", "slutt", "q"})
SESSION = "console"


class Console:
    """An interactive loop: questions, ``more``, ``article N``, ``refresh``, ``help``, ``quit``."""

    def __init__(
        self,
        conversation: Conversation,
        language: str,
        emphasis: Emphasis,
        read: Callable[[str], str] = input,
        out: TextIO | None = None,
        refresh: Callable[[], str] | None = None,
    ) -> None:
        self.conversation = conversation
        self.language = language
        self.emphasis = emphasis
        self.read = read
        self.out = out
        self.refresh = refresh

    def run(self) -> None:
        """Answer until ``quit``, end of input or Ctrl-C."""
        self._say(messages.text(self.language, "console_help"))
        while True:
            try:
                line = self.read("> ")
            except (EOFError, KeyboardInterrupt):
                self._say("")
                return
            if command_word(line) in _QUIT:
                return
            self._say(self.respond(line.strip()))

    def respond(self, line: str) -> str:
        """The console's answer to one line of input."""
        lowered = command_word(line)
        if lowered in _HELP:
            reply = self.conversation.core.help(self.language)
            return f"{render(reply)}\n{messages.text(self.language, 'console_help')}"
        if lowered in _REFRESH and self.refresh is not None:
            return self.refresh()
        if lowered in _MORE:
            reply = self.conversation.more(SESSION, self.language)
        elif match := _ARTICLE.match(lowered):
            reply = self.conversation.cited_article(SESSION, int(match[1]), self.language)
        else:
            reply = self.conversation.respond(SESSION, line, self.language).reply
        return render(reply, self.emphasis, self._hint(reply))

    def _hint(self, reply: Reply) -> str:
        """How to go on: «more» only when there are more results."""
        more = any(f.action is Action.MORE for f in reply.follow_ups)
        return messages.text(self.language, "console_hint_more" if more else "console_hint")

    def _say(self, text: str) -> None:
        print(text, file=self.out, flush=True)


def command_word(line: str) -> str:
    """A console line as a command: lower case, without the «/» of Telegram habits («/hjelp» is «hjelp»)."""
    return line.strip().lower().removeprefix("/")
