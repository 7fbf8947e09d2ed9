"""受け入れ候補 and 受け入れ先の支援: the register of possible hosts, contacts with them, what a host is told
about a placement, and the host group's own page of its placements. Imports `matching.models`,
`matching.casework`, `matching.menus`, `matching.persons`, the catalog (models, queries, map pages), `maps` for
the prospects' map, and the core.
"""
