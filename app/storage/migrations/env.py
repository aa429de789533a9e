"""Alembic environment: FieldDesk always passes its own connection (see app.storage.migrate)."""

from alembic import context

from app.storage.models import Base

config = context.config
connection = config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
