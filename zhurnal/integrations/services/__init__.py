"""Every write of integrations: backups (backups.py), the portal feed (portal.py), OneRoster
(oneroster.py)."""
