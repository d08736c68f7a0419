"""Waitlists: viewers who asked for a sold-out variant hear once, and first, when it is back."""
