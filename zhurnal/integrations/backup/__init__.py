"""Backups of the whole database and the uploaded files (issue 11 item 4, decision 0022)."""
