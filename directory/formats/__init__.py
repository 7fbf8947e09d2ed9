"""Import and export formats: one module per file layout (readers are pure: no Flask, no session)."""
