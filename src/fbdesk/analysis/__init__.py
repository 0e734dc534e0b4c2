"""Sentiment, themes, learning from corrections, correlation and scoring: no Qt, no storage."""
