"""Households (世帯) for coordinators: create and edit a household and its members, match for the family or
for one member, and propose per member. Permissions in `matching.permissions` (`can_view_household`, …)."""
