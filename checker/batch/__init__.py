"""Archive scanning: many documents into one SQLite database, resumable and failure-isolated."""
