"""The agent's tools, grouped by what they touch (stock, sales, demand, alerts, report, actions).

Each agent imports its own explicit list: the ops agent ``tools.ops_tools.OPS_TOOLS`` (read tools plus the
proposing write tools of ``tools.actions``), the live-comment agent ``tools.comments.COMMENT_TOOLS`` (read-only).
This package imports nothing itself, so a comment tool list never pulls in the write tools.
"""
