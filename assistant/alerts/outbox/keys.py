"""The outbox's Redis keys: one hash tag, so every script touches a single cluster slot."""

EVENTS = "sa:{outbox}:events"  # the Redis Stream every alert and notice is appended to
DELIVERIES = "sa:{outbox}:deliveries"  # delivery id -> JSON (one per event and target)
DUE = "sa:{outbox}:due"  # delivery id -> when to try (ms); leased ones sit a lease in the future
RECENT = "sa:{outbox}:recent"  # delivery id -> last change (ms), for the status listing and trimming
TARGETS = "sa:{outbox}:targets"  # target id -> JSON
ESCALATIONS = "sa:{outbox}:escalations"  # "stream|card" -> when to check the ack (ms)
GROUP = "webhooks"


def dedupe(key: str) -> str:
    return f"sa:{{outbox}}:dedupe:{key}"
