"""Insight pages, one module per audience-facing part: the analysts' survey pages and the
evaluation dashboard.
"""
