"""The ``amnesty`` command: a thin shell over ``amnesty.api``.

Errors become one sentence and an exit code here and only here: 0 done,
1 done but some records invalid, 2 usage, input or rulebook error,
3 the rules engine failed its checks.
"""

from __future__ import annotations

import os
import signal
import sys

import typer
from typer.core import TyperGroup

from amnesty.cli.text import visible
from amnesty.errors import AmnestyError, no_room


class _Group(TyperGroup):
    """Turns the project's errors into one line on standard error, never a traceback."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from amnesty.cli.helpstyle import install, restyle

        install()
        restyle(self)  # one help style for every command (amnesty.cli.helpstyle)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AmnestyError as exc:
            typer.echo(f"error: {visible(exc, lines=False)}", err=True)
            ctx.exit(exc.exit_code)
        except Terminated:
            typer.echo("terminated: no output file was written", err=True)
            ctx.exit(143)
        except KeyboardInterrupt:
            typer.echo("interrupted: no output file was written", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # the reader of our output went away (`amnesty ... | head`): stop quietly, as Unix tools do
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(141)
        except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
            if type(exc).__module__.startswith("typer") or os.environ.get("AMNESTY_DEBUG"):
                raise  # typer's own exits and usage errors, or a developer asking for the traceback
            room = no_room(exc)
            if room:  # standard output on a full disk (files say so where they are written)
                typer.echo(f"error: the output cannot be written: {room} ({exc.strerror})", err=True)
                ctx.exit(2)
            typer.echo(f"internal error: {type(exc).__name__}: {visible(exc, lines=False)} (set AMNESTY_DEBUG=1 for details)", err=True)
            ctx.exit(3)


app = typer.Typer(
    cls=_Group,
    name="amnesty",
    help="Evaluate detainee records against north-east Syria's amnesty laws, with the article behind every decision.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
)


def _register() -> None:
    from amnesty.cli import evaluate, explain, rulebooks, sample, schema

    app.command("evaluate")(evaluate.evaluate)
    app.command("explain")(explain.explain)
    app.add_typer(rulebooks.app, name="rulebooks")
    app.command("sample")(sample.sample)
    app.command("schema")(schema.schema)
    from amnesty.cli import report; app.command("report")(report.report)  # noqa: E702
    from amnesty.cli import compare; app.command("compare")(compare.compare)  # noqa: E702
    from amnesty.cli import sweep; app.command("sweep")(sweep.sweep)  # noqa: E702
    from amnesty.cli import timeline; app.command("timeline")(timeline.timeline)  # noqa: E702
    from amnesty.cli import audit; app.command("audit")(audit.audit)  # noqa: E702
    from amnesty.cli import notice; app.command("notice")(notice.notice)  # noqa: E702
    from amnesty.cli import triage; app.command("triage")(triage.triage)  # noqa: E702
    from amnesty.cli import changes; app.command("changes")(changes.changes)  # noqa: E702


_register()


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, a service manager's stop), handled as Ctrl-C is but told apart by its exit code."""


def _terminate(signum, frame):
    """A kill is handled like Ctrl-C, so output in progress is removed, not left half-written."""
    raise Terminated


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    from amnesty import api

    api.tune_allocators()  # for runs with workers: see amnesty.engine.allocators
    api.tune_collector()  # this process is the command's own: see amnesty.engine.collector
    sys.exit(app(prog_name="amnesty"))
