"""What every command group of ``brobygger`` shares and that needs no Django: how a command
fails (one line on stderr, exit 2) and a progress bar for work that takes more than a second."""

from __future__ import annotations

from typing import NoReturn

import typer


def fail(message: str) -> NoReturn:
    """One line on stderr that says what is wrong, and exit code 2 (no traceback)."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


class Progress:
    """A rich progress bar on stderr (quiet when stderr is not a terminal)."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self.total = total

    def __enter__(self):
        self.progress.start()
        self.task = self.progress.add_task("Analysing", total=self.total)
        return self

    def __call__(self, step: str) -> None:
        self.progress.update(self.task, advance=1, description=f"Analysing: {step}")

    def stop(self) -> None:
        self.progress.stop()

    def __exit__(self, *exc) -> None:
        self.progress.stop()
