"""Series with revisions and builds; brand kits and layouts per team.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from cardnews.store.models import When

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "brand_kits",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id", name="fk_brand_kits_team_id"), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("handle", sa.String(100), nullable=False),
        sa.Column("colors", sa.Text, nullable=False),
        sa.Column("logo_sha256", sa.String(64), sa.ForeignKey("blobs.sha256", name="fk_brand_kits_logo_sha256"), nullable=True),
        sa.Column("updated_at", When(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_brand_kits"),
        sa.UniqueConstraint("team_id", "name", name="uq_brand_kits_team_id"),
    )
    op.create_index("ix_brand_kits_team_id", "brand_kits", ["team_id"])
    op.create_table(
        "team_layouts",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id", name="fk_team_layouts_team_id"), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("blobs.sha256", name="fk_team_layouts_sha256"), nullable=False),
        sa.Column("updated_at", When(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_team_layouts"),
        sa.UniqueConstraint("team_id", "name", name="uq_team_layouts_team_id"),
    )
    op.create_index("ix_team_layouts_team_id", "team_layouts", ["team_id"])
    op.create_table(
        "series",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id", name="fk_series_team_id"), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("week", sa.String(8), nullable=False),
        sa.Column("head", sa.Integer, nullable=False),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id", name="fk_series_created_by"), nullable=False),
        sa.Column("created_at", When(), nullable=False),
        sa.Column("updated_at", When(), nullable=False),
        sa.Column("editor_id", sa.Integer, sa.ForeignKey("users.id", name="fk_series_editor_id"), nullable=True),
        sa.Column("editor_until", When(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_series"),
    )
    op.create_index("ix_series_team_id", "series", ["team_id"])
    op.create_index("ix_series_week", "series", ["week"])
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("series_id", sa.Integer, sa.ForeignKey("series.id", name="fk_revisions_series_id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("settings", sa.Text, nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("users.id", name="fk_revisions_author_id"), nullable=False),
        sa.Column("created_at", When(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_revisions"),
        sa.UniqueConstraint("series_id", "number", name="uq_revisions_series_id"),
    )
    op.create_index("ix_revisions_series_id", "revisions", ["series_id"])
    op.create_table(
        "builds",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("series_id", sa.Integer, sa.ForeignKey("series.id", name="fk_builds_series_id", ondelete="CASCADE"), nullable=False),
        sa.Column("revision_id", sa.Integer, sa.ForeignKey("revisions.id", name="fk_builds_revision_id", ondelete="CASCADE"), nullable=False),
        sa.Column("recipe", sa.Text, nullable=False),
        sa.Column("recipe_sha256", sa.String(64), nullable=False),
        sa.Column("layout_sha256", sa.String(64), nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("zip_name", sa.String(300), nullable=False),
        sa.Column("zip_sha256", sa.String(64), nullable=False),
        sa.Column("manifest_sha256", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", name="fk_builds_user_id"), nullable=False),
        sa.Column("created_at", When(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_builds"),
    )
    op.create_index("ix_builds_series_id", "builds", ["series_id"])
    op.create_index("ix_builds_revision_id", "builds", ["revision_id"])
    op.create_index("ix_builds_recipe_sha256", "builds", ["recipe_sha256"])


def downgrade() -> None:
    for table in ("builds", "revisions", "series", "team_layouts", "brand_kits"):
        op.drop_table(table)
