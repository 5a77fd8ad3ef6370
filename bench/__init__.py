"""Benchmarks of ingest, validate and loading at 100 to 10,000 documents (issue 5)."""
