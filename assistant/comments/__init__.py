"""Offline understanding of live-stream viewer comments (see understanding.CommentParser)."""
