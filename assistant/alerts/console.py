"""Cards as plain lines, for the demo's console and logs."""

from __future__ import annotations

from typing import Any

LEVEL_TAGS = {"trend": "TREND", "low": "LOW", "critical": "CRITICAL", "sold_out": "SOLD OUT",
              "back_in_stock": "BACK"}


def format_cards_for_console(cards: list[dict[str, Any]], *, language: str = "zh") -> list[str]:
    """One line per card, newest first as given: level, product, the host line, the action."""
    lines: list[str] = []
    for card in cards:
        tag = LEVEL_TAGS.get(card["level"], card["level"].upper())
        name = card["name_zh"] if language == "zh" else card["name_en"]
        line = card["line_zh"] if language == "zh" else card["line_en"]
        action = card["action"]["text_zh"] if language == "zh" else card["action"]["text_en"]
        pace = f" · {card['velocity_per_min']}/min" if card.get("velocity_per_min") else ""
        ack = " ✓" if card.get("acknowledged") else ""
        lines.append(f"[{tag}]{ack} {name}: {line} → {action}{pace}")
        for merged in card.get("merged") or []:
            lines.append(f"    + [{LEVEL_TAGS.get(merged['level'], merged['level'])}] "
                         f"{merged['text_zh'] if language == 'zh' else merged['text_en']}")
    return lines


async def latest_cards_for_console(services: Any, stream_id: str, limit: int = 5) -> list[str]:
    """For the demo: the stream's newest cards from Redis, formatted."""
    return format_cards_for_console(await services.alerts.store.list_cards(stream_id, limit=limit))
