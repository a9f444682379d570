"""Writes for the impact app: survey answers (surveys), support spend (support) and printable reports
(reports)."""
