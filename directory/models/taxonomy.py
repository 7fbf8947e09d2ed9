"""Our own Japanese taxonomy of kinds and suitable-for tags, with labels per language."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.models.provenance import HsdsIdentity
from tsunagu.db import Base


class Taxonomy(HsdsIdentity, Base):
    """分類体系 — a vocabulary: `kind` (居場所, サロン…), `suitable_for` (男性歓迎, 一人参加OK…), `interest`."""

    __tablename__ = "taxonomies"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    version: Mapped[str | None] = mapped_column(String(20))

    terms: Mapped[list[TaxonomyTerm]] = relationship(back_populates="taxonomy", order_by="TaxonomyTerm.sort_order")


class TaxonomyTerm(HsdsIdentity, Base):
    """分類 — one term, e.g. 子ども食堂; `name` is Japanese, other languages in TaxonomyTermLabel."""

    __tablename__ = "taxonomy_terms"
    __table_args__ = (UniqueConstraint("taxonomy_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    taxonomy_id: Mapped[int] = mapped_column(ForeignKey("taxonomies.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("taxonomy_terms.id"))
    code: Mapped[str] = mapped_column(String(50))
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    icon: Mapped[str | None] = mapped_column(String(50))
    colour: Mapped[str | None] = mapped_column(String(7))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    taxonomy: Mapped[Taxonomy] = relationship(back_populates="terms")
    labels: Mapped[list[TaxonomyTermLabel]] = relationship(back_populates="term", cascade="all, delete-orphan")

    def label(self, locale: str) -> str:
        """The term's label in `locale`, else the Japanese name (Japanese never touches the labels)."""
        if locale in ("ja", ""):
            return self.name
        for item in self.labels:
            if item.locale == locale:
                return item.label
        return self.name


class TaxonomyTermLabel(Base):
    """A term's label in one language (searching "food" or "comida" finds 子ども食堂 through these)."""

    __tablename__ = "taxonomy_term_labels"
    __table_args__ = (UniqueConstraint("term_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("taxonomy_terms.id", ondelete="CASCADE"), index=True)
    locale: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(100))

    term: Mapped[TaxonomyTerm] = relationship(back_populates="labels")


service_taxonomy_terms = Table(
    "service_taxonomy_terms",
    Base.metadata,
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", ForeignKey("taxonomy_terms.id", ondelete="CASCADE"), primary_key=True, index=True),
)
"""Which kinds and tags a service carries (HSDS attribute linking service to taxonomy_term)."""
