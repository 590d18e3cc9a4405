"""The state-portal feed (issue 11 item 3, decision 0023): what is sent (feed.py) and how
(transport.py)."""
