"""The workspace's storage: SQLAlchemy models, Alembic migrations, and content-addressed files.

SQLite in a data folder by default, PostgreSQL when a URL is given; the schema is the same and every
upgrade goes through a migration, so data is never lost.
"""
