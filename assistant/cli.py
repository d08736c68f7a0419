"""The stock-assistant command: serve, demo, catalog load, bench, ask."""

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
    from assistant.main import create_app
    from assistant.security import load_or_generate_keys

    settings = get_settings()
    if not settings.api_keys:
        # Before any worker starts: every worker must read the same keys, not race to write their own.
        _, path = load_or_generate_keys(settings.data_dir)
        err.print(f"API keys (one per role) are in [bold]{path.resolve()}[/bold]")
    workers = args.workers or settings.workers
    if workers == 1:
        uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="warning")
        return 0
    from assistant.infra.shared_redis import shared_redis_url

    with shared_redis_url(settings) as url:
        os.environ["STOCK_ASSISTANT_REDIS_URL"] = url  # the workers inherit it: one Redis for all of them
        err.print(f"{workers} workers on http://{args.host}:{args.port}, Redis at {url}")
        uvicorn.run("assistant.main:create_app", factory=True, workers=workers, host=args.host, port=args.port,
                    log_level="warning")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from assistant.demo import run_demo

    return run_demo(host=args.host, port=args.port, duration=args.duration, speed=args.speed)


def _catalog_load(args: argparse.Namespace) -> int:
    from assistant.catalog.loading import load_catalog_command

    return asyncio.run(load_catalog_command(args.file, reset_stock=args.reset_stock))


def _bench(args: argparse.Namespace) -> int:
    from assistant.bench.runner import run_bench

    print(json.dumps(run_bench(args.target, args), indent=2, ensure_ascii=False))
    return 0


def _ask(args: argparse.Namespace) -> int:
    from assistant.ops.terminal import ask_command

    return asyncio.run(ask_command(" ".join(args.question), conversation_id=args.conversation))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stock-assistant", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the HTTP service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=None,
                       help="worker processes (default STOCK_ASSISTANT_WORKERS, else 1)")
    serve.set_defaults(run=_serve)

    demo = sub.add_parser("demo", help="serve with the sample catalog and replay a live session")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--duration", type=float, default=None, help="stop after this many seconds")
    demo.add_argument("--speed", type=float, default=1.0, help="replay speed multiplier")
    demo.set_defaults(run=_demo)

    catalog = sub.add_parser("catalog", help="catalog commands")
    catalog_sub = catalog.add_subparsers(dest="catalog_command", required=True)
    load = catalog_sub.add_parser("load", help="validate and load a catalog file")
    load.add_argument("file")
    load.add_argument("--reset-stock", action="store_true", help="reset live counts of known SKUs")
    load.set_defaults(run=_catalog_load)

    bench = sub.add_parser("bench", help="benchmarks, printed as JSON")
    bench.add_argument("target", choices=["ledger", "comments", "alerts", "demand", "board", "parse", "catalog"])
    bench.add_argument("--quick", action="store_true", help="smaller run, for smoke checks")
    bench.set_defaults(run=_bench)

    ask = sub.add_parser("ask", help="ask the ops assistant a question")
    ask.add_argument("question", nargs="+")
    ask.add_argument("--conversation", default=None)
    ask.set_defaults(run=_ask)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
