"""The `guongsang` command: parses arguments and calls the library. Exit codes: 0 ok, 1 input problems, 2 usage."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import messages as msg
from .problems import InputError

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        # argparse passes prefix="" when it builds a subcommand's name: keep that.
        super().add_usage(usage, actions, groups, prefix=msg.USAGE_PREFIX if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help=msg.HELP_HELP)

    def error(self, message: str) -> None:
        for english, vietnamese in msg.ARGPARSE_PHRASES.items():
            message = message.replace(english, vietnamese)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, msg.USAGE_ERROR.format(detail=message) + "\n")


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="guongsang", description=msg.HELP_DESCRIPTION)
    parser.add_argument("--root", type=Path, default=Path("."), help=msg.HELP_ROOT)
    commands = parser.add_subparsers(dest="command", required=True, title=msg.HELP_COMMANDS, parser_class=_Parser)
    commands.add_parser("check", help=msg.HELP_CHECK).set_defaults(run=run_check)
    mirror = commands.add_parser("mirror", help=msg.HELP_MIRROR)
    mirror_commands = mirror.add_subparsers(dest="mirror_command", required=True, title=msg.HELP_COMMANDS,
                                            parser_class=_Parser)
    verify = mirror_commands.add_parser("verify", help=msg.HELP_MIRROR_VERIFY)
    verify.add_argument("target", metavar="THƯ_MỤC|URL", help=msg.HELP_MIRROR_TARGET)
    verify.add_argument("--manifest", metavar="SHA256SUMS", help=msg.HELP_MIRROR_MANIFEST)
    verify.set_defaults(run=run_mirror_verify)
    return parser


def run_check(args: argparse.Namespace) -> int:
    from .project import load_project

    project = load_project(args.root)
    print(msg.CHECK_OK.format(count=len(project.records)))
    return EXIT_OK


def run_mirror_verify(args: argparse.Namespace) -> int:
    from . import mirror

    if not mirror.is_url(args.target) and not Path(args.target).is_dir():
        print(msg.MIRROR_NOT_TARGET.format(target=args.target), file=sys.stderr)
        return EXIT_USAGE
    try:
        result = mirror.verify(args.target, args.manifest)
    except mirror.ManifestError as err:
        print(err, file=sys.stderr)
        return EXIT_INPUT
    for finding in result.findings:
        print(msg.MIRROR_FINDINGS[finding.difference.value].format(path=finding.path, detail=finding.detail))
    if result.identical:
        print(msg.MIRROR_OK.format(count=result.checked))
    else:
        counts = {d.value: sum(f.difference is d for f in result.findings) for d in mirror.Difference}
        print(msg.MIRROR_DIFFERS.format(count=result.checked, **counts))
    if result.over_http:
        print(msg.MIRROR_HTTP_NOTE)
    return EXIT_OK if result.identical else EXIT_INPUT


def report(err: InputError) -> None:
    for problem in err.problems:
        print(problem, file=sys.stderr)
    files = len({p.path for p in err.problems})
    print(msg.CHECK_FAILED.format(problems=len(err.problems), files=files), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = make_parser().parse_args(argv)
    if not args.root.is_dir():
        print(msg.ROOT_MISSING.format(root=args.root), file=sys.stderr)
        return EXIT_USAGE
    args.root = args.root.resolve()
    try:
        return args.run(args)
    except InputError as err:
        report(err)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
