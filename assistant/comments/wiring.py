"""Builds the comment pipeline: the parser over the live catalog, the chromadb matcher, the LLM fallback."""

from __future__ import annotations

from fastapi import FastAPI

from assistant.comments.pipeline import CommentPipeline
from assistant.container import Services


async def start(app: FastAPI, svc: Services) -> None:
    svc.comments = CommentPipeline(svc, matcher=svc.catalog.matcher)
