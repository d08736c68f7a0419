"""Builds the comment pipeline: the parser over the live catalog, the chromadb matcher, the LLM fallback."""

from __future__ import annotations

from fastapi import FastAPI

from assistant.comments.busy_chat import BusyChatSettings
from assistant.comments.pipeline import CommentPipeline
from assistant.container import Services


def build_pipeline(svc: Services) -> CommentPipeline:
    settings = svc.settings
    fallback = None
    if settings.llm == "openai":  # offline, the engine's own clarifying question is the answer
        from assistant.comments.llm_fallback import build_comment_fallback

        fallback = build_comment_fallback(svc)
    return CommentPipeline(svc, matcher=svc.catalog.matcher, busy=BusyChatSettings.of(settings),
                           exact_counts=settings.comment_exact_counts, llm_fallback=fallback,
                           llm_per_batch=settings.comment_llm_max_per_batch,
                           result_retention_s=settings.comment_result_retention_s)


async def start(app: FastAPI, svc: Services) -> None:
    svc.comments = build_pipeline(svc)
