"""The scaffold's questions: values from flags, and on a terminal from answers, each checked
as it is given with the validator's own rules.

On a terminal every field is asked (an optional one is skipped with Enter), a bad answer is
explained and asked again, and stopping half-way (Ctrl-D, Ctrl-C) prints the command that
goes on from the answers given. In a pipe nothing is asked: missing values are named as the
flags to give, and every problem is reported at once.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from build_notes.errors import TalkNotesError

Check = Callable[[Any], list[str]]


def _no_problems(value: Any) -> list[str]:
    return []


@dataclass(frozen=True)
class Question:
    flag: str  # the option that gives the same value: --theme
    label: str  # what is asked: "Themes"
    doc: str = ""  # one line on what the value is
    required: bool = False
    many: bool = False  # a list, answered comma-separated
    words: bool = False  # a list of ids: spaces separate too
    integer: bool = False
    known: Sequence[str] = ()  # the ids to choose from, listed in the question
    default: str | None = None  # Enter takes it
    check: Check = field(default=_no_problems)

    def parse(self, answer: str) -> Any:
        if self.many:
            items = answer.replace(",", " ").split() if self.words else answer.split(",")
            return [item.strip() for item in items if item.strip()]
        if self.integer and answer.lstrip("-").isdigit():
            return int(answer)
        return answer

    def prompt(self) -> str:
        notes = [self.doc.rstrip(".")] if self.doc else []
        if self.known:
            notes.append(f"known: {', '.join(self.known)}")
        if self.many:
            notes.append("separate them with commas")
        if self.default is not None:
            notes.append(f"Enter for {self.default}")
        elif not self.required:
            notes.append("optional, Enter skips")
        return f"{self.label} ({'; '.join(notes)}): " if notes else f"{self.label}: "


class Stopped(TalkNotesError):
    """The terminal closed or the user stopped before the last answer."""


@dataclass
class Form:
    """The values of one scaffold command, from its flags and, on a terminal, from answers."""

    command: str  # "new", "new-conference", ...
    interactive: bool
    stdin: TextIO
    stderr: TextIO
    given: dict[str, Any] = field(default_factory=dict)  # flag -> accepted value
    missing: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def value(self, question: Question, flag_value: Any) -> Any:
        """The checked value of one question: the flag's, else (on a terminal) an answer.

        In a pipe a bad or missing value is noted (see `missing`, `problems`) and None is
        returned; on a terminal the question is asked until the answer passes its check.
        """
        if flag_value in (None, "", []) and not self.interactive:
            flag_value = question.default  # in a pipe a default is taken, and checked
        if flag_value not in (None, "", []):
            problems = question.check(flag_value)
            if not problems:
                self.given[question.flag] = flag_value
                return flag_value
            if not self.interactive:
                self.problems.extend(problems)
                return None
            self._say(problems)
        elif not self.interactive:
            if question.required:
                self.missing.append(question.flag)
            return None
        return self._ask(question)

    def _ask(self, question: Question) -> Any:
        while True:
            self.stderr.write(question.prompt())
            self.stderr.flush()
            try:
                line = self.stdin.readline()
            except KeyboardInterrupt:
                line = ""
            if not line:
                self.stderr.write("\n")
                raise Stopped(self._go_on())
            answer = line.strip()
            if not answer:
                if question.default is not None:
                    answer = question.default
                elif not question.required:
                    return None
                else:
                    known = f" (known: {', '.join(question.known)})" if question.known else ""
                    self._say([f"{question.label} is required{known}"])
                    continue
            value = question.parse(answer)
            problems = question.check(value)
            if problems:
                self._say(problems)
                continue
            self.given[question.flag] = value
            return value

    def _say(self, problems: Sequence[str]) -> None:
        for message in problems:
            self.stderr.write(f"  ✗ {message}\n")
        self.stderr.flush()

    def _go_on(self) -> str:
        """The message on stopping: the command that gives every answer so far as a flag."""
        words = ["build-notes", self.command]
        for flag, value in self.given.items():
            for item in value if isinstance(value, list) else [value]:
                words += [flag, str(item)]
        return ("stopped; nothing was written. To go on from your answers, run:\n  "
                + shlex.join(words))

    def usage_problems(self) -> str | None:
        """In a pipe: the flags still missing, as a message, or None."""
        if not self.missing:
            return None
        return (f"missing {', '.join(self.missing)}; see build-notes {self.command} --help "
                "(in a terminal, build-notes asks)")
