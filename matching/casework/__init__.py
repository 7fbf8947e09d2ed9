"""Casework on placements: proposal → 見学/体験 → 参加, 定着 follow-ups, host check-ins, case notes, the
person's timeline, and the casework reports (`reports`).
"""
