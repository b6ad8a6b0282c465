"""Passage retrieval over news articles: loading, analysis, TF-IDF indexing, excerpts.

This package is a library: it knows nothing of chat front ends, prints nothing and
reads no global configuration. Everything it needs is passed in.
"""
