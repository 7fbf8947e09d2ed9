"""The matching engine: plain data in, ranked explained suggestions out; no Flask, no session."""
