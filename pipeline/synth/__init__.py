"""Synthetic budget disclosures: generated, rendered in the real template, with their oracle.

`model.generate_budget` draws an internally consistent budget, `render.render_document`
writes it in the template of the shipped 2024 document, `expected.expected_records` says
what a correct parser must read back, and `corpus.write_corpus` writes many of them for
benchmarks.  Every unit name contains 合成 (synthetic), so no generated figure can be
mistaken for a real disclosure.
"""
