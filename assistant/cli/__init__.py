"""The stock-assistant command: serve, demo, catalog load, bench, ask.

Heavy parts (FastAPI, LangChain, chromadb) are imported inside each command, so `--help`, `--version` and a
settings error answer at once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Sequence

from rich.console import Console

err = Console(stderr=True)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from assistant.config import get_settings
    from assistant.infra.logs import configure_logging
    from assistant.security import load_or_generate_keys

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    if settings.api_keys:
        err.print("API keys: from STOCK_ASSISTANT_API_KEYS")
    else:
        # Before any worker starts: every worker must read the same keys, not race to write their own.
        _, path = load_or_generate_keys(settings.data_dir)
        err.print(f"API keys (one per role) are in [bold]{path.resolve()}[/bold]")
    workers = args.workers or settings.workers
    base = f"http://{args.host}:{args.port}"
    # uvicorn's own lines go through our JSON logging (log_config=None); the request middleware writes access.
    quiet = {"log_config": None, "access_log": False, "log_level": settings.log_level}
    if workers == 1:
        from assistant.main import create_app

        app = create_app(settings)
        err.print(f"listening on [bold]{base}[/bold] (API docs {base}/docs, metrics {base}/metrics)")
        uvicorn.run(app, host=args.host, port=args.port, **quiet)  # type: ignore[arg-type]
        return 0
    from assistant.infra.metrics import MULTIPROC_ENV, fresh_multiprocess_dir
    from assistant.infra.shared_redis import shared_redis_url

    with shared_redis_url(settings) as url:
        os.environ["STOCK_ASSISTANT_REDIS_URL"] = url  # the workers inherit it: one Redis for all of them
        # Each worker writes its metric samples there; a scrape on any worker sums them all.
        os.environ[MULTIPROC_ENV] = str(fresh_multiprocess_dir(settings.data_dir / "metrics"))
        err.print(f"{workers} workers listening on [bold]{base}[/bold] (API docs {base}/docs), Redis at {url}")
        uvicorn.run("assistant.main:create_app", factory=True, workers=workers, host=args.host, port=args.port,
                    **quiet)  # type: ignore[arg-type]
    return 0


def _demo(args: argparse.Namespace) -> int:
    from assistant.demo import run_demo

    return run_demo(host=args.host, port=args.port, duration=args.duration, speed=args.speed)


def _catalog_load(args: argparse.Namespace) -> int:
    from assistant.cli.catalog_load import load_catalog_command

    return asyncio.run(load_catalog_command(args.file, reset_stock=args.reset_stock, index=not args.no_index))


def _bench(args: argparse.Namespace) -> int:
    from assistant.bench.runner import run_bench

    print(json.dumps(run_bench(args.target, args), indent=2, ensure_ascii=False))
    return 0


def _ask(args: argparse.Namespace) -> int:
    from assistant.cli.ask import ask_command

    return asyncio.run(ask_command(" ".join(args.question), conversation_id=args.conversation))


EPILOG = "Settings: STOCK_ASSISTANT_* environment variables or a .env file (see .env.example and the README)."


def _listen(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s; "
                        "0.0.0.0 for every interface)")
    parser.add_argument("--port", type=int, default=8000, help="TCP port (default %(default)s)")


def build_parser() -> argparse.ArgumentParser:
    from assistant.version import __version__

    parser = argparse.ArgumentParser(prog="stock-assistant", description=__doc__.split("\n\n")[0], epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the HTTP service", epilog=EPILOG,
                           description="Run the HTTP service; it prints where it listens and where the API keys are.")
    _listen(serve)
    serve.add_argument("--workers", type=int, default=None,
                       help="worker processes sharing one Redis (default STOCK_ASSISTANT_WORKERS, else 1)")
    serve.set_defaults(run=_serve)

    demo = sub.add_parser("demo", help="serve with the sample catalog and replay a live session", epilog=EPILOG)
    _listen(demo)
    demo.add_argument("--duration", type=float, default=None,
                      help="keep serving this many seconds after the replay, then stop (default: until Ctrl-C)")
    demo.add_argument("--speed", type=float, default=1.0, help="replay speed multiplier (default %(default)s)")
    demo.set_defaults(run=_demo)

    catalog = sub.add_parser("catalog", help="catalog commands")
    catalog_sub = catalog.add_subparsers(dest="catalog_command", required=True, metavar="SUBCOMMAND")
    load = catalog_sub.add_parser("load", help="validate and load a catalog file", epilog=EPILOG,
                                  description="Validate and load a catalog; a bad file exits 2 with one line "
                                              "naming product, variant and field.")
    load.add_argument("file", help="catalog JSON (format: docs/CATALOG_FORMAT.md)")
    load.add_argument("--reset-stock", action="store_true",
                      help="reset the live counts of SKUs already in the ledger to the file's on_hand")
    load.add_argument("--no-index", action="store_true",
                      help="leave the semantic index (embedding) to the serving workers instead of building it "
                           "here with a progress bar; names, aliases and link numbers work at once either way")
    load.set_defaults(run=_catalog_load)

    bench = sub.add_parser("bench", help="benchmarks, printed as JSON")
    bench.add_argument("target", choices=["ledger", "comments", "alerts", "demand", "board", "parse", "catalog",
                                          "understanding", "waitlist", "startup", "memory"], help="what to measure")
    bench.add_argument("--quick", action="store_true", help="smaller run, for smoke checks")
    bench.add_argument("--cluster", action="store_true",
                       help="ledger: orders/s on a 3-master Redis Cluster it starts (redis-server 7) against one "
                            "Redis in the same run")
    bench.add_argument("--misses", action="store_true", help="understanding: list every line judged wrong")
    bench.add_argument("--data", default=None, help="understanding: folder of the labelled sets and catalogs")
    bench.add_argument("--against", default=None, metavar="REF",
                       help="comments, startup: also measure git commit REF (e.g. main) in the same run, alternately, and "
                            "print this tree's figures as ratios of its")
    bench.set_defaults(run=_bench)

    ask = sub.add_parser("ask", help="ask the ops assistant a question", epilog=EPILOG,
                         description="Ask the ops assistant, on the same data as the server "
                                     "(\"confirm TOKEN\" applies a proposal).")
    ask.add_argument("question", nargs="+", help="the question, e.g. 哪些快卖完了 or \"how many black L left\"")
    ask.add_argument("--conversation", default=None, metavar="ID",
                     help="continue a conversation (its id is printed after each answer)")
    ask.set_defaults(run=_ask)
    return parser


def _settings_problem() -> str | None:
    """A bad setting as one line naming the variable, before any command starts (no traceback)."""
    from pydantic import ValidationError

    from assistant.config import get_settings, setting_problem

    try:
        get_settings()
    except ValidationError as error:
        return setting_problem(error)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    problem = _settings_problem()
    if problem:
        print(f"stock-assistant: {problem}", file=sys.stderr)
        return 2
    return int(args.run(args) or 0)

