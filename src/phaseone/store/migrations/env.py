"""Alembic environment: runs against the engine the Store hands over."""

from __future__ import annotations

from alembic import context

from phaseone.store.models import Base

engine = context.config.attributes.get("engine")
if engine is None:  # `alembic` CLI use: take the URL from the ini / env
    from sqlalchemy import create_engine

    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "")

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
