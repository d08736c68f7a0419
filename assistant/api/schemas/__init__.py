"""Typed answers of every route, and the one table of documented error responses (see common.errors)."""
