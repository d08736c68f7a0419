"""Which streams show a product (lineup or focus): a reverse index, re-read whenever a lineup or focus edit is
seen (every edit bumps a version key), never on a clock."""

from __future__ import annotations

from assistant.streams.service import StreamService


class StreamRoutes:
    def __init__(self, streams: StreamService):
        self.streams = streams
        self._by_product: dict[str, tuple[str, ...]] = {}
        self._stream_ids: list[str] = []
        self._version = -1

    @property
    def stream_ids(self) -> list[str]:
        return self._stream_ids

    def streams_of(self, product_id: str) -> tuple[str, ...]:
        return self._by_product.get(product_id, ())

    async def edited_since_read(self) -> bool:
        """One GET: has any lineup or focus changed since this index was read?"""
        return await self.streams.routes_version() != self._version

    async def refresh(self) -> None:
        """Two round trips for every stream. The version is read first, so an edit landing during the read
        leaves the index marked old rather than hiding the edit."""
        self._version = await self.streams.routes_version()
        stream_ids = await self.streams.known_streams()
        by_product: dict[str, list[str]] = {}
        for state in await self.streams.states(stream_ids):
            stream_id = state.stream_id
            for product_id in state.product_ids():
                by_product.setdefault(product_id, []).append(stream_id)
        self._by_product = {p: tuple(s) for p, s in by_product.items()}
        self._stream_ids = stream_ids
