"""Alembic environment: migrations run from code on the connection KBPP hands over."""

from alembic import context

from kbpp.models import Base

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=Base.metadata,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
