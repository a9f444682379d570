"""Forms of the impact app: the dashboard filters and report request (filters), the surveys (surveys)."""
