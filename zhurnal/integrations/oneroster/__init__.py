"""OneRoster 1.1 CSV export and import (issue 11 item 2, decision 0023, docs/integrations/oneroster.md)."""
