"""The volunteer's own pages (/volunteer/…): sign-up, profile, matching ボランティア募集 with the engine's
reasons, 興味あり, and what a group sees of the volunteers interested in its entries.
"""
