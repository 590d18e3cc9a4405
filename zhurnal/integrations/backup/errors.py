"""The one error of backups: its message is Russian and names the part at fault."""


class BackupError(Exception):
    """A backup could not be made, or an archive is damaged or cannot be restored."""
