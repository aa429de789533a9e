"""Looking after the store as a whole: backups and restore, ``check``, a record's history, the use
cases of sync. Above the tabs.
"""
