"""The `guongsang` command: parses arguments and calls the library. Exit codes: 0 ok, 1 input problems, 2 usage."""
from __future__ import annotations

import argparse
import logging
import math
import os
import signal
import sys
from pathlib import Path

from . import dates
from . import messages as msg
from . import mirror
from .build import build_site
from .cache import PREVIEW_FOLDER
from .bundle import bundle_site
from .config import load_config, site_url_problem
from .hooks import install_pre_commit
from .output import OutputNotASite, check_output
from .problems import InputError, printable
from .project import load_inputs
from .records import Kind, record_files
from .scaffold import new_lesson, new_record
from .schema import editor_schemas
from .serve import Preview, make_server

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
BUNDLES_DEFAULT_DIR = "tai-ve"
LESSON = "lesson"  # `guongsang new lesson "Tên"`: a lesson pack, beside the record kinds


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
    # --root is accepted before or after the command: `guongsang --root D check` and `guongsang check --root D`.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=argparse.SUPPRESS, help=msg.HELP_ROOT)
    parser = _Parser(prog="guongsang", description=msg.HELP_DESCRIPTION, parents=[common])
    commands = parser.add_subparsers(dest="command", required=True, title=msg.HELP_COMMANDS, parser_class=_Parser)
    commands.add_parser("check", help=msg.HELP_CHECK, parents=[common]).set_defaults(run=run_check)
    build = commands.add_parser("build", help=msg.HELP_BUILD, parents=[common])
    build.add_argument("--out", type=Path, default=None, help=msg.HELP_OUT)
    build.add_argument("--offline", action="store_true", help=msg.HELP_OFFLINE)
    build.add_argument("--site-url", type=_site_url, default=None, metavar="URL", help=msg.HELP_SITE_URL)
    build.add_argument("--bundles", type=Path, default=None, metavar=msg.METAVAR_FOLDER, help=msg.HELP_BUNDLES)
    build.set_defaults(run=run_build)
    serve = commands.add_parser("serve", help=msg.HELP_SERVE, parents=[common])
    serve.add_argument("--out", type=Path, default=None, help=msg.HELP_SERVE_OUT)
    serve.add_argument("--port", type=_port, default=8000, help=msg.HELP_PORT)
    serve.set_defaults(run=run_serve, offline=False)  # a preview is served, so it is an online copy
    new = commands.add_parser("new", help=msg.HELP_NEW, parents=[common])
    new.add_argument("kind", choices=[*msg.KIND_LABELS, LESSON], help=f"{msg.HELP_NEW_KIND}; {msg.HELP_NEW_LESSON}")
    new.add_argument("name", help=msg.HELP_NEW_NAME)
    new.add_argument("--folder", help=msg.HELP_NEW_FOLDER)
    new.add_argument("--province", help=msg.HELP_NEW_PROVINCE)
    new.add_argument("--id", dest="record_id", help=msg.HELP_NEW_ID)
    new.set_defaults(run=run_new)
    commands.add_parser("schema", help=msg.HELP_SCHEMA, parents=[common]).set_defaults(run=run_schema)
    hook = commands.add_parser("hook", help=msg.HELP_HOOK, parents=[common])
    hook.add_argument("action", choices=["install"], help=msg.HELP_HOOK_ACTION)
    hook.set_defaults(run=run_hook)
    bundle = commands.add_parser("bundle", help=msg.HELP_BUNDLE, parents=[common])
    bundle.add_argument("--out", type=Path, default=None, help=msg.HELP_BUNDLE_OUT)
    bundle.add_argument("--site-url", type=_site_url, default=None, metavar="URL", help=msg.HELP_SITE_URL)
    bundle.set_defaults(run=run_bundle)
    mirrors = commands.add_parser("mirror", help=msg.HELP_MIRROR)
    mirror_commands = mirrors.add_subparsers(dest="mirror_command", required=True, title=msg.HELP_COMMANDS,
                                            parser_class=_Parser)
    verify = mirror_commands.add_parser("verify", help=msg.HELP_MIRROR_VERIFY)
    verify.add_argument("target", metavar=msg.METAVAR_FOLDER_OR_URL, help=msg.HELP_MIRROR_TARGET)
    verify.add_argument("--manifest", metavar="SHA256SUMS", help=msg.HELP_MIRROR_MANIFEST)
    verify.add_argument("--timeout", type=_seconds, default=mirror.VERIFY_TIMEOUT, metavar="GIÂY",
                        help=msg.HELP_MIRROR_TIMEOUT.format(seconds=mirror.VERIFY_TIMEOUT,
                                                            file_seconds=mirror.FILE_TIMEOUT))
    verify.set_defaults(run=run_mirror_verify)
    return parser


def _site_url(value: str) -> str:
    """`--site-url`: the primary host's address, checked as site.url is."""
    if problem := site_url_problem(value.strip()):
        raise argparse.ArgumentTypeError(problem)
    return value.strip()


def run_check(args: argparse.Namespace) -> int:
    project, _, _ = load_inputs(args.root)
    files = len(record_files(args.root)[0])  # drafts with blanks left pass, but are not records yet
    drafts = files - len(project.records) + sum(r.draft for r in project.records.values())
    print(msg.CHECK_OK_DRAFTS.format(count=files, drafts=drafts) if drafts else msg.CHECK_OK.format(count=files))
    if project.lessons:
        print(msg.CHECK_OK_LESSONS.format(count=len(project.lessons)))
    return EXIT_OK


def run_build(args: argparse.Namespace) -> int:
    try:
        result = build_site(args.root, args.out, offline=getattr(args, "offline", False),
                            bundles=getattr(args, "bundles", None), site_url=args.site_url)
    except OutputNotASite as err:
        print(err, file=sys.stderr)
        return EXIT_USAGE
    except InputError:
        raise  # reported by main(), one line per problem
    except Exception as err:  # a bug, not the user's input: say the live site is safe, then the traceback
        out = (args.out or args.root / "site").absolute()
        print(msg.BUILD_CRASHED.format(error=err), file=sys.stderr)
        print((msg.BUILD_KEPT if out.exists() else msg.BUILD_NOTHING_WRITTEN).format(out=_shown(out)), file=sys.stderr)
        raise
    print(msg.BUILD_OK.format(records=result.records, pages=result.pages, seconds=result.seconds,
                              out=_shown(result.out)))
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    # The preview shows drafts: it is built away from site/, so it can never be published by mistake.
    if args.out:
        try:
            check_output(args.root, args.out.absolute())
        except OutputNotASite as err:
            print(err, file=sys.stderr)
            return EXIT_USAGE
    out = (args.out or args.root / PREVIEW_FOLDER).absolute()
    preview = Preview(args.root, out)
    preview.rebuild()  # problems are shown, and the preview waits for them to be fixed
    try:
        server = make_server(out, args.port, preview)
    except OSError:
        print(msg.PORT_BUSY.format(port=args.port), file=sys.stderr)
        return EXIT_USAGE
    observer = preview.watch()
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by another program: clean up as for Ctrl+C
    print(msg.SERVE_READY.format(port=server.server_address[1]), flush=True)
    with server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print(msg.SERVE_STOPPED)
    observer.stop()
    preview.stop()
    return EXIT_OK


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd())) + "/"
    except ValueError:
        return str(path) + "/"


def run_new(args: argparse.Namespace) -> int:
    if args.kind == LESSON:
        path = new_lesson(args.root, args.name, args.record_id)
    else:
        path = new_record(args.root, Kind(args.kind), args.name, args.folder, args.province, args.record_id)
    print(msg.NEW_WRITTEN.format(path=path.relative_to(args.root).as_posix()))
    return EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    for path, text in editor_schemas(load_config(args.root)).items():
        target = args.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
        print(msg.SCHEMA_WRITTEN.format(path=path))
    return EXIT_OK


def run_hook(args: argparse.Namespace) -> int:
    path = install_pre_commit(args.root)
    print(msg.HOOK_INSTALLED.format(path=path))
    return EXIT_OK


def run_bundle(args: argparse.Namespace) -> int:
    out = (args.out or args.root / BUNDLES_DEFAULT_DIR).absolute()
    bundles = bundle_site(args.root, out, site_url=args.site_url)
    for download in bundles.downloads:
        print(msg.BUNDLE_WRITTEN.format(name=download.name, size=download.size_text, sha256=download.sha256))
    print(msg.BUNDLE_OK.format(out=_shown(out)))
    return EXIT_OK


def _port(text: str) -> int:
    """A --port value: a TCP port number (0 picks a free one)."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(msg.BAD_PORT.format(value=text))
    return int(text)


def _seconds(text: str) -> float:
    """A --timeout value: a positive number of seconds."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (0 < value < math.inf):
        raise argparse.ArgumentTypeError(msg.MIRROR_BAD_TIMEOUT.format(value=text))
    return value


def run_mirror_verify(args: argparse.Namespace) -> int:
    for address in (args.target, args.manifest or ""):
        if mirror.is_url(address) and (problem := mirror.url_problem(address)):
            print(printable(problem), file=sys.stderr)
            return EXIT_USAGE
    if not mirror.is_url(args.target) and not Path(args.target).is_dir():
        print(printable(msg.MIRROR_NOT_TARGET.format(target=args.target)), file=sys.stderr)
        return EXIT_USAGE
    try:
        result = mirror.verify(args.target, args.manifest, timeout=args.timeout)
    except mirror.ManifestError as err:
        print(printable(str(err)), file=sys.stderr)
        return EXIT_INPUT
    for finding in result.findings:  # paths and details come from the copy: never raw to the terminal
        print(printable(msg.MIRROR_FINDINGS[finding.difference.value].format(path=finding.path,
                                                                           detail=finding.detail)))
    if result.identical:
        print(msg.MIRROR_OK.format(count=result.checked))
    elif result.findings:
        counts = {d.value: sum(f.difference is d for f in result.findings) for d in mirror.Difference}
        print(msg.MIRROR_DIFFERS.format(count=result.checked, **counts))
    if result.unchecked:
        print(msg.MIRROR_UNCHECKED.format(seconds=result.timeout, count=result.unchecked))
    if result.over_http:
        print(msg.MIRROR_HTTP_NOTE)
    return EXIT_OK if result.identical else EXIT_INPUT


def report(err: InputError) -> None:
    for problem in err.problems:
        print(problem, file=sys.stderr)
    files = len({p.path for p in err.problems})
    print(msg.CHECK_FAILED.format(problems=len(err.problems), files=files), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):  # a terminal that cannot show Vietnamese gets escapes, not a crash
            stream.reconfigure(errors="backslashreplace")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = make_parser().parse_args(argv)
    args.root = getattr(args, "root", Path("."))
    if not args.root.is_dir():
        print(msg.ROOT_MISSING.format(root=args.root), file=sys.stderr)
        return EXIT_USAGE
    args.root = args.root.resolve()
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch and not (epoch.isdigit() and int(epoch) <= dates.LATEST_EPOCH):  # as dates.read_revision reads it
        print(msg.BAD_SOURCE_DATE_EPOCH.format(value=epoch), file=sys.stderr)
        return EXIT_USAGE
    try:
        return args.run(args)
    except InputError as err:
        report(err)
        return EXIT_INPUT
    except BrokenPipeError:  # `guongsang check | head`: the reader has gone, stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except OSError as err:  # the disk's or the system's doing (a file in a folder's place, no room): not a bug
        if os.environ.get("GUONGSANG_DEBUG"):
            raise
        print(msg.OS_ERROR.format(path=printable(str(err.filename or "")),
                                  reason=msg.os_reason(err, msg.OS_WRITE_REASONS)), file=sys.stderr)
        return EXIT_INPUT
    except Exception as err:  # a bug of ours: say so in words, keep the traceback for developers
        if os.environ.get("GUONGSANG_DEBUG"):
            raise
        print(msg.INTERNAL_ERROR.format(kind=type(err).__name__, detail=err), file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
