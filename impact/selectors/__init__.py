"""Reads for the impact app: the dashboard figures (figures) and which surveys are due (surveys)."""
