"""FieldDesk (フィールドデスク): offline-first community-work desk for Minato City staff."""

__version__ = "0.1.0"
APP_NAME = "FieldDesk"
